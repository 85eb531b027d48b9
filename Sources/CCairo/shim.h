#ifndef SPACERT_CCAIRO_SHIM_H
#define SPACERT_CCAIRO_SHIM_H

/* cairo, the system C library: vector drawing to PDF. Only SpacertPDF imports it. */
#include <cairo.h>
#include <cairo-pdf.h>

#endif
