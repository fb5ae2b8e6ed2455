# Every dependency is a Debian package found through pkg-config (or a plain library search
# where Debian ships no .pc file). A missing one stops configuration and names the package.
find_package(PkgConfig)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: apt-get install pkg-config")
endif()

function(steward_pkg target module debpkg)
  pkg_check_modules(PC_${target} QUIET IMPORTED_TARGET ${module})
  if(NOT PC_${target}_FOUND)
    message(FATAL_ERROR "missing dependency ${module}: apt-get install ${debpkg}")
  endif()
  add_library(dep::${target} ALIAS PkgConfig::PC_${target})
endfunction()

steward_pkg(secp256k1 libsecp256k1 libsecp256k1-dev)
steward_pkg(sodium    libsodium    libsodium-dev)
steward_pkg(lua       lua5.4       liblua5.4-dev)
steward_pkg(yaml      yaml-0.1     libyaml-dev)
steward_pkg(sqlite3   sqlite3      libsqlite3-dev)
steward_pkg(curl      libcurl      libcurl4-openssl-dev)
steward_pkg(mhd       libmicrohttpd libmicrohttpd-dev)
steward_pkg(jansson   jansson      libjansson-dev)
steward_pkg(libcrypto libcrypto    libssl-dev)
steward_pkg(nettle    nettle       nettle-dev)

# libunistring (NFKD normalisation for BIP-39) ships no pkg-config file on Debian 12.
find_path(UNISTRING_INCLUDE uninorm.h)
find_library(UNISTRING_LIB unistring)
if(NOT UNISTRING_INCLUDE OR NOT UNISTRING_LIB)
  message(FATAL_ERROR "missing dependency libunistring: apt-get install libunistring-dev")
endif()
add_library(dep::unistring UNKNOWN IMPORTED)
set_target_properties(dep::unistring PROPERTIES IMPORTED_LOCATION ${UNISTRING_LIB}
                      INTERFACE_INCLUDE_DIRECTORIES ${UNISTRING_INCLUDE})

# The secp256k1 modules steward relies on must be present in the installed library.
foreach(h secp256k1_extrakeys.h secp256k1_schnorrsig.h secp256k1_recovery.h)
  find_path(_h_${h} ${h})
  if(NOT _h_${h})
    message(FATAL_ERROR "libsecp256k1 lacks ${h}: apt-get install libsecp256k1-dev (Debian 12 or later)")
  endif()
endforeach()
