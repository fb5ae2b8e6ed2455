# Turns the BIP-39 wordlist (one word per line) into `const char *const bip39_english[2048]`.
file(STRINGS ${IN} words)
list(LENGTH words n)
if(NOT n EQUAL 2048)
  message(FATAL_ERROR "${IN}: expected 2048 words, found ${n}")
endif()
set(body "")
foreach(w IN LISTS words)
  string(APPEND body "  \"${w}\",\n")
endforeach()
file(WRITE ${OUT} "/* generated from ${IN}; do not edit */\n"
  "const char *const bip39_english[2048] = {\n${body}};\n")
