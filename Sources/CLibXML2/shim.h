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

static void spacert_silent_generic(void *ctx, const char *msg, ...) {
    (void)ctx; (void)msg;
}

/* Silences libxml2's generic (unstructured) errors on this thread, such as "Unimplemented
   block at xmlschemas.c": spacert words every problem itself, nothing raw reaches stderr. */
static inline void spacert_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, spacert_silent_generic);
}

static inline int spacert_error_line(const xmlError *e) { return e->line; }
static inline int spacert_error_column(const xmlError *e) { return e->int2; }
static inline int spacert_error_level(const xmlError *e) { return (int)e->level; }
static inline int spacert_error_domain(const xmlError *e) { return e->domain; }
static inline int spacert_error_code(const xmlError *e) { return e->code; }
static inline const char *spacert_error_message(const xmlError *e) { return e->message; }
static inline const char *spacert_error_file(const xmlError *e) { return e->file; }

/* The per-thread structured error handler and its context, to save and restore them. */
static inline xmlStructuredErrorFunc spacert_structured_error(void) { return xmlStructuredError; }
static inline void *spacert_structured_error_context(void) { return xmlStructuredErrorContext; }

/* What spacert_reader_node_type found besides the type, read from the node itself. */
typedef struct {
    /* Elements and end tags: the local name, as xmlTextReaderConstLocalName gives it. */
    const xmlChar *name;
    /* Text and CDATA: the content, as xmlTextReaderConstValue gives it. */
    const xmlChar *value;
} spacert_node_facts;

/* xmlTextReaderNodeType, except that a text node is XML_READER_TYPE_WHITESPACE whenever it
   holds blanks only (as xmlIsBlankNode decides), without asking xmlNodeGetSpacePreserve
   whether that white space is significant: a caller that skips both kinds needs no more.
   Fills `facts` for elements, end tags, text and CDATA. */
static inline int spacert_reader_node_type(xmlTextReaderPtr reader, spacert_node_facts *facts) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    facts->name = NULL;
    facts->value = NULL;
    if (node != NULL && node->type == XML_TEXT_NODE) {
        const xmlChar *c = node->content;
        facts->value = c;
        if (c != NULL) {
            for (; *c != 0; c++) {
                if (*c != 0x20 && *c != 0x09 && *c != 0x0A && *c != 0x0D) return XML_READER_TYPE_TEXT;
            }
        }
        return XML_READER_TYPE_WHITESPACE;
    }
    int type = xmlTextReaderNodeType(reader);
    if (node != NULL) {
        if ((type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT)
            && node->type == XML_ELEMENT_NODE) {
            facts->name = node->name;
        } else if (type == XML_READER_TYPE_CDATA) {
            facts->value = node->content;
        }
    }
    return type;
}

/* The line of the reader's current node as xmlGetLineNo gives it (an element's own line
   when it fits in 16 bits, without the call), or -1. */
static inline long spacert_reader_node_line(xmlTextReaderPtr reader) {
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    if (node == NULL) return -1;
    if (node->type == XML_ELEMENT_NODE && node->line != 65535) return node->line;
    return xmlGetLineNo(node);
}

/* Finds each of `names` among the attributes of the reader's current element in one pass,
   as xmlTextReaderGetAttribute(reader, names[i]) would (the first attribute in no namespace
   with that name; names are plain, without a prefix). values[i] gets the value without a
   copy (valid until the reader moves) or NULL when there is no such attribute. Returns a
   bit mask of the names found whose value is made of several nodes: ask
   xmlTextReaderGetAttribute for those. Names interned in the reader's dictionary are
   matched by pointer first. At most 32 names. */
static inline unsigned spacert_reader_attributes(
    xmlTextReaderPtr reader, const xmlChar *const *names, int count, const xmlChar **values) {
    unsigned found = 0, built = 0;
    for (int i = 0; i < count; i++) values[i] = NULL;
    xmlNodePtr node = xmlTextReaderCurrentNode(reader);
    if (node == NULL || node->type != XML_ELEMENT_NODE) return 0;
    for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next) {
        if (attr->ns != NULL || attr->name == NULL) continue;
        int i = 0;
        while (i < count && attr->name != names[i]) i++;
        if (i == count) {
            i = 0;
            while (i < count && !xmlStrEqual(attr->name, names[i])) i++;
        }
        if (i == count || (found & (1u << i)) != 0) continue;
        found |= 1u << i;
        xmlNodePtr child = attr->children;
        if (child == NULL) {
            values[i] = (const xmlChar *)"";
        } else if (child->next == NULL
                   && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
                   && child->content != NULL) {
            values[i] = child->content;
        } else {
            built |= 1u << i;
        }
    }
    return built;
}

#endif
