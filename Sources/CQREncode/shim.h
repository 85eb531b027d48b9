#ifndef SPACERT_CQRENCODE_SHIM_H
#define SPACERT_CQRENCODE_SHIM_H

/* libqrencode, the system C library: QR code symbols. Only SpacertQR imports it. */
#include <qrencode.h>

#endif
