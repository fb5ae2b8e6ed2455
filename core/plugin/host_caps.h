/* host_caps.h: the `struct stw_host` functions a loaded plugin calls. */
#ifndef STEWARD_PLUGIN_HOST_CAPS_H
#define STEWARD_PLUGIN_HOST_CAPS_H

struct loaded_plugin;

/* Fills lp->host with the capability table bound to lp (its chain, endpoint, signer). */
void host_caps_fill(struct loaded_plugin *lp);

#endif
