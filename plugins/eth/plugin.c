/* plugin.c: the Ethereum plugin's entry point. The functions are in ops.c (see ops.h); this
 * file only publishes the table that steward_plugin.h defines. */
#include "ops.h"
#include "steward_plugin.h"

static const struct stw_plugin eth_plugin = {
    .abi_version = STW_PLUGIN_ABI_VERSION,
    .chain = "eth",
    .name = "Ethereum (EIP-1559 and EIP-155 legacy, ERC-20, contract calls, EIP-191, EIP-712)",
    .version = "1.0.0",
    .curve = STW_CURVE_SECP256K1,
    .scheme = STW_SIG_ECDSA_SECP256K1_RECOVERABLE,
    .derivation_path = eth_op_derivation_path,
    .init = eth_op_init,
    .shutdown = eth_op_shutdown,
    .address = eth_op_address,
    .build = eth_op_build,
    .describe = eth_op_describe,
    .sign = eth_op_sign,
    .assemble = eth_op_assemble,
    .broadcast = eth_op_broadcast,
    .balance = eth_op_balance,
    .sign_message = eth_op_sign_message,
    .tx_free = eth_op_tx_free,
};

STW_EXPORT const struct stw_plugin *steward_plugin_entry(void)
{
    return &eth_plugin;
}
