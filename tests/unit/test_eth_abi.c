/* test_eth_abi.c: ERC-20 call data (plugins/eth/abi.h), EIP-191 message hashes
 * (plugins/eth/eip191.h) and address parsing with EIP-55 checks (plugins/eth/ethaddr.h).
 *
 * Published values used:
 *  - ERC-20 selectors: transfer(address,uint256) = 0xa9059cbb, balanceOf(address) = 0x70a08231,
 *    decimals() = 0x313ce567 (as every ERC-20 token's ABI and the 4byte directory list them);
 *  - EIP-191: viem's documentation of hashMessage: "hello world" and the raw bytes
 *    0x68656c6c6f20776f726c64 both hash to 0xd9eba16e...807d68; alloy's hashing_functions
 *    example: "hello_world" hashes to 0xd52de6e0...cf1c00;
 *  - EIP-55: the examples of EIPS/eip-55.md (all caps, all lower, and mixed case). */
#include <string.h>

#include "abi.h"
#include "check.h"
#include "eip191.h"
#include "ethaddr.h"
#include "util/hex.h"

static void test_erc20(void)
{
    uint8_t sel[4], want[4];
    abi_selector("transfer(address,uint256)", sel);
    hex_decode(want, 4, "a9059cbb");
    CHECK_MEM(sel, want, 4);
    abi_selector("balanceOf(address)", sel);
    hex_decode(want, 4, "70a08231");
    CHECK_MEM(sel, want, 4);
    abi_selector("decimals()", sel);
    hex_decode(want, 4, "313ce567");
    CHECK_MEM(sel, want, 4);

    uint8_t to[20], data[ERC20_TRANSFER_CALLDATA_LEN], expect[ERC20_TRANSFER_CALLDATA_LEN];
    memset(to, 0x35, 20);
    u256 amount = u256_from_u64(1000000); /* 1 USDC */
    erc20_transfer_calldata(to, &amount, data);
    CHECK(hex_decode(expect, sizeof expect,
                     "a9059cbb"
                     "0000000000000000000000003535353535353535353535353535353535353535"
                     "00000000000000000000000000000000000000000000000000000000000f4240") == 0);
    CHECK_MEM(data, expect, sizeof expect);

    /* The largest amount occupies the whole word. */
    u256 max;
    memset(&max, 0xff, sizeof max);
    erc20_transfer_calldata(to, &max, data);
    for (int i = 36; i < 68; i++)
        CHECK(data[i] == 0xff);

    uint8_t bal[ERC20_BALANCEOF_CALLDATA_LEN], bexp[ERC20_BALANCEOF_CALLDATA_LEN];
    erc20_balanceof_calldata(to, bal);
    CHECK(hex_decode(bexp, sizeof bexp, "70a082310000000000000000000000003535353535353535353535353535353535353535") == 0);
    CHECK_MEM(bal, bexp, sizeof bexp);
}

static void test_eip191(void)
{
    uint8_t h[32], want[32];
    st_err e = {0};
    CHECK(eip191_personal_hash((const uint8_t *)"hello world", 11, h, &e) == 0);
    hex_decode(want, 32, "0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
    CHECK_MEM(h, want, 32);
    CHECK(eip191_personal_hash((const uint8_t *)"hello_world", 11, h, &e) == 0);
    hex_decode(want, 32, "0xd52de6e039c023a7c77752126e4d9d99e2a7dacea3d19e97e9c2ebcb3ecf1c00");
    CHECK_MEM(h, want, 32);
    /* The length is decimal: a 10-byte and a 100-byte message differ from a naive prefix. */
    uint8_t a[32], b[32];
    CHECK(eip191_personal_hash((const uint8_t *)"", 0, a, &e) == 0);
    CHECK(eip191_personal_hash(NULL, 0, b, &e) == 0);
    CHECK_MEM(a, b, 32);
}

static void test_addresses(void)
{
    static const char *const good[] = {
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };
    uint8_t a[20];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        st_err e = {0};
        CHECK(eth_address_parse(good[i], a, "to", &e) == 0);
        char hex[41];
        hex_encode(hex, a, 20);
        CHECK(strcasecmp(hex, good[i] + 2) == 0);
    }
    static const char *const bad[] = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", /* one letter's case flipped */
        "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",   /* no 0x */
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA",   /* short */
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00", /* long */
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", /* not hex */
        "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st_err e = {0};
        CHECK(eth_address_parse(bad[i], a, "to", &e) != 0);
        CHECK(strncmp(e.msg, "to: ", 4) == 0);
    }
    st_err e = {0};
    CHECK(eth_address_parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", a, "to", &e) != 0);
    CHECK(strstr(e.msg, "EIP-55 checksum") != NULL);
    /* The correct spelling is not revealed (it would be the checksum of a mistyped address). */
    CHECK(strstr(e.msg, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") == NULL);
    st_err_clear(&e);
    CHECK(eth_address_parse(NULL, a, "to", &e) != 0);
}

int main(void)
{
    test_erc20();
    test_eip191();
    test_addresses();
    return check_summary();
}
