/*
 * config.c - the options chosen when an image is built (stage "build" in
 * pack.json). Unlike the rest of the kernel, which is compiled once per pack
 * version, this file is compiled for every build with -D flags from the
 * pack's build steps, so these choices cost no kernel rebuild.
 */
#ifndef KITE_CFG_PAGES
#define KITE_CFG_PAGES "2m"
#endif

const char kite_cfg_pages[] = KITE_CFG_PAGES;
