#ifndef SPACERT_CLIBXML2_SHIM_H
#define SPACERT_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers then clash with Foundation's ICU. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <libxml/tree.h>

/* Globals are macros in threaded builds; Swift cannot see them. */
static inline void spacert_xml_free(void *p) { xmlFree(p); }

static xmlParserInputPtr spacert_deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/* Installs a deny-all external entity loader: no file, no network, ever. */
static inline void spacert_install_deny_loader(void) {
    xmlSetExternalEntityLoader(spacert_deny_loader);
}

static inline int spacert_error_line(const xmlError *e) { return e->line; }
static inline int spacert_error_column(const xmlError *e) { return e->int2; }
static inline int spacert_error_level(const xmlError *e) { return (int)e->level; }
static inline int spacert_error_domain(const xmlError *e) { return e->domain; }
static inline int spacert_error_code(const xmlError *e) { return e->code; }
static inline const char *spacert_error_message(const xmlError *e) { return e->message; }
static inline const char *spacert_error_file(const xmlError *e) { return e->file; }

#endif
