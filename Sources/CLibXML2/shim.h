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
#include <libxml/parserInternals.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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


/* ---- A SAX event queue: libxml2's push parser with the XSD validator plugged in, each
   callback written down as an event (names interned in the parser's dictionary; text,
   attribute values and instruction data copied into one byte buffer), for a pull reader
   that builds no tree. What only xmlTextReader handles (a DOCTYPE, an entity reference)
   sets `bail`. */

enum {
    SPACERT_EV_ELEMENT = 1, SPACERT_EV_END = 2, SPACERT_EV_TEXT = 3, SPACERT_EV_CDATA = 4,
    SPACERT_EV_PI = 5
};

typedef struct {
    int kind;
    int depth;
    long line;
    /* Elements and end tags: the local name (interned); instructions: the target's offset in bytes. */
    const xmlChar *name;
    const xmlChar *uri;
    int empty;
    /* Text, CDATA, instruction data: offset and length in bytes (NUL-terminated). */
    size_t start, length;
    size_t target;
    /* Elements: the first attribute in attrs, and how many. */
    int attrStart, attrCount;
    /* Start tags of `columnName`: spacert_sax_column, 0 when unknown. */
    int column;
} spacert_event;

typedef struct {
    const xmlChar *name;
    int hasNamespace;
    size_t start, length;
} spacert_attr;

typedef struct {
    xmlParserCtxtPtr ctxt;
    spacert_event *events;
    int eventCount, eventCap;
    spacert_attr *attrs;
    int attrCount, attrCap;
    unsigned char *bytes;
    size_t byteCount, byteCap;
    int depth;
    int pendingEmptyEnd;
    /* Whether the last event may take more text (no other callback came between). */
    int textOpen;
    int bail;
    /* The interned local name whose start tags get a column (see spacert_sax_column). */
    const xmlChar *columnName;
} spacert_sax;

static inline int spacert_sax_reserve_bytes(spacert_sax *s, size_t more) {
    if (s->byteCount + more <= s->byteCap) return 1;
    size_t cap = s->byteCap ? s->byteCap : 65536;
    while (cap < s->byteCount + more) cap *= 2;
    unsigned char *grown = (unsigned char *)realloc(s->bytes, cap);
    if (grown == NULL) { s->bail = 1; return 0; }
    s->bytes = grown;
    s->byteCap = cap;
    return 1;
}

static inline spacert_event *spacert_sax_event(spacert_sax *s) {
    if (s->eventCount == s->eventCap) {
        int cap = s->eventCap ? s->eventCap * 2 : 1024;
        spacert_event *grown = (spacert_event *)realloc(s->events, sizeof(spacert_event) * (size_t)cap);
        if (grown == NULL) { s->bail = 1; return NULL; }
        s->events = grown;
        s->eventCap = cap;
    }
    spacert_event *e = &s->events[s->eventCount++];
    memset(e, 0, sizeof *e);
    return e;
}

static inline long spacert_sax_line(spacert_sax *s) {
    return (s->ctxt != NULL && s->ctxt->input != NULL) ? (long)s->ctxt->input->line : 0;
}

/* The column of the `<` of the start tag just parsed, as spacert's ColumnResolver finds it
   (the first `<name` on the tag's line, counted in characters from 1), when that is plain to
   see here: the tag is on one line, unprefixed, with only spaces or tabs before it on its
   line, and the line's start is still in the parser's buffer. 0 otherwise. */
static inline int spacert_sax_column(xmlParserCtxtPtr c, const xmlChar *name) {
    if (c == NULL || c->input == NULL || c->input->cur == NULL || c->input->base == NULL) return 0;
    const xmlChar *base = c->input->base;
    const xmlChar *p = c->input->cur;
    while (p > base && *p != '<') {
        if (*p == '\n') return 0;
        p--;
    }
    if (*p != '<') return 0;
    size_t length = strlen((const char *)name);
    if (strncmp((const char *)p + 1, (const char *)name, length) != 0) return 0;
    int column = 1;
    while (p > base && p[-1] != '\n') {
        p--;
        if (*p != ' ' && *p != '\t') return 0;
        column++;
    }
    if (p == base && c->input->consumed != 0) return 0;
    return column;
}

static void spacert_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                              const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    (void)prefix; (void)nb_namespaces; (void)namespaces; (void)nb_defaulted;
    spacert_sax *s = (spacert_sax *)ctx;
    s->textOpen = 0;
    if (s->attrCount + nb_attributes > s->attrCap) {
        int cap = s->attrCap ? s->attrCap : 1024;
        while (cap < s->attrCount + nb_attributes) cap *= 2;
        spacert_attr *grown = (spacert_attr *)realloc(s->attrs, sizeof(spacert_attr) * (size_t)cap);
        if (grown == NULL) { s->bail = 1; return; }
        s->attrs = grown;
        s->attrCap = cap;
    }
    int first = s->attrCount;
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i;
        size_t length = (size_t)(a[4] - a[3]);
        if (!spacert_sax_reserve_bytes(s, length + 1)) return;
        size_t start = s->byteCount;
        unsigned char *out = s->bytes + start;
        size_t written = 0;
        /* Without entity substitution libxml2 leaves an ampersand as "&#38;" for the tree
           builder to read back: read it back the same way. */
        if (length == 0 || memchr(a[3], '&', length) == NULL) {
            if (length > 0) memcpy(out, a[3], length);
            written = length;
        } else for (size_t k = 0; k < length; k++) {
            if (a[3][k] == '&' && k + 4 < length && a[3][k + 1] == '#' && a[3][k + 2] == '3'
                && a[3][k + 3] == '8' && a[3][k + 4] == ';') {
                out[written++] = '&';
                k += 4;
            } else if (a[3][k] == '&') {
                s->bail = 1;
                out[written++] = a[3][k];
            } else {
                out[written++] = a[3][k];
            }
        }
        out[written] = 0;
        s->byteCount += written + 1;
        spacert_attr *attr = &s->attrs[s->attrCount++];
        attr->name = a[0];
        attr->hasNamespace = a[2] != NULL;
        attr->start = start;
        attr->length = written;
    }
    spacert_event *e = spacert_sax_event(s);
    if (e == NULL) return;
    e->kind = SPACERT_EV_ELEMENT;
    e->depth = s->depth++;
    e->line = spacert_sax_line(s);
    e->name = localname;
    e->uri = URI;
    e->attrStart = first;
    e->attrCount = nb_attributes;
    xmlParserCtxtPtr c = s->ctxt;
    e->empty = (c != NULL && c->input != NULL && c->input->cur != NULL && c->input->cur[0] == '/'
                && c->input->cur[1] == '>');
    s->pendingEmptyEnd = e->empty;
    if (localname == s->columnName && s->columnName != NULL) e->column = spacert_sax_column(c, localname);
}

static void spacert_sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
    (void)prefix;
    spacert_sax *s = (spacert_sax *)ctx;
    s->textOpen = 0;
    s->depth--;
    if (s->pendingEmptyEnd) {
        s->pendingEmptyEnd = 0;
        return;
    }
    spacert_event *e = spacert_sax_event(s);
    if (e == NULL) return;
    e->kind = SPACERT_EV_END;
    e->depth = s->depth;
    e->line = spacert_sax_line(s);
    e->name = localname;
    e->uri = URI;
}

static inline void spacert_sax_text(spacert_sax *s, int kind, const xmlChar *ch, int len) {
    s->pendingEmptyEnd = 0;
    if (len < 0) return;
    spacert_event *e;
    if (s->textOpen == kind && s->eventCount > 0) {
        e = &s->events[s->eventCount - 1];
        /* The open text's bytes are the last in the buffer, before their terminator. */
        s->byteCount -= 1;
    } else {
        e = spacert_sax_event(s);
        if (e == NULL) return;
        e->kind = kind;
        e->depth = s->depth;
        e->line = spacert_sax_line(s);
        e->start = s->byteCount;
        e->length = 0;
    }
    if (!spacert_sax_reserve_bytes(s, (size_t)len + 1)) return;
    memcpy(s->bytes + s->byteCount, ch, (size_t)len);
    s->byteCount += (size_t)len;
    s->bytes[s->byteCount++] = 0;
    e->length += (size_t)len;
    s->textOpen = kind;
}

static void spacert_sax_characters(void *ctx, const xmlChar *ch, int len) {
    spacert_sax_text((spacert_sax *)ctx, SPACERT_EV_TEXT, ch, len);
}

static void spacert_sax_cdata(void *ctx, const xmlChar *ch, int len) {
    spacert_sax_text((spacert_sax *)ctx, SPACERT_EV_CDATA, ch, len);
}

static void spacert_sax_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    spacert_sax *s = (spacert_sax *)ctx;
    s->textOpen = 0;
    s->pendingEmptyEnd = 0;
    size_t targetLength = target ? strlen((const char *)target) : 0;
    size_t dataLength = data ? strlen((const char *)data) : 0;
    if (!spacert_sax_reserve_bytes(s, targetLength + dataLength + 2)) return;
    spacert_event *e = spacert_sax_event(s);
    if (e == NULL) return;
    e->kind = SPACERT_EV_PI;
    e->depth = s->depth;
    e->line = spacert_sax_line(s);
    e->target = s->byteCount;
    if (targetLength) memcpy(s->bytes + s->byteCount, target, targetLength);
    s->byteCount += targetLength;
    s->bytes[s->byteCount++] = 0;
    e->start = s->byteCount;
    e->length = dataLength;
    if (dataLength) memcpy(s->bytes + s->byteCount, data, dataLength);
    s->byteCount += dataLength;
    s->bytes[s->byteCount++] = 0;
}

static void spacert_sax_comment(void *ctx, const xmlChar *value) {
    (void)value;
    spacert_sax *s = (spacert_sax *)ctx;
    s->textOpen = 0;
    s->pendingEmptyEnd = 0;
}

static void spacert_sax_reference(void *ctx, const xmlChar *name) {
    (void)name;
    spacert_sax *s = (spacert_sax *)ctx;
    s->bail = 1;
    s->textOpen = 0;
}

static void spacert_sax_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID) {
    (void)name; (void)ExternalID; (void)SystemID;
    spacert_sax *s = (spacert_sax *)ctx;
    s->bail = 1;
    if (s->ctxt != NULL) xmlStopParser(s->ctxt);
}

/* The line schema findings are placed on, as xmlTextReader's locator gives it. */
static int spacert_sax_locator(void *ctx, const char **file, unsigned long *line) {
    spacert_sax *s = (spacert_sax *)ctx;
    if (file != NULL) *file = NULL;
    if (line != NULL) *line = 0;
    if (s->ctxt != NULL && s->ctxt->input != NULL) {
        if (file != NULL) *file = s->ctxt->input->filename;
        if (line != NULL) *line = (unsigned long)s->ctxt->input->line;
        return 0;
    }
    return -1;
}

/* A push parser for `path` (its first `count` bytes in `head`) whose events go to `s`,
   validated against `validation` when given. Returns the plug (or NULL) through `plug`. */
static inline xmlParserCtxtPtr spacert_sax_open(spacert_sax *s, const char *head, int count, const char *path,
                                                int options, xmlSchemaValidCtxtPtr validation,
                                                xmlSchemaSAXPlugPtr *plug) {
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = spacert_sax_start;
    handler.endElementNs = spacert_sax_end;
    handler.characters = spacert_sax_characters;
    handler.ignorableWhitespace = spacert_sax_characters;
    handler.cdataBlock = spacert_sax_cdata;
    handler.processingInstruction = spacert_sax_pi;
    handler.comment = spacert_sax_comment;
    handler.reference = spacert_sax_reference;
    handler.internalSubset = spacert_sax_subset;
    handler.externalSubset = spacert_sax_subset;
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&handler, s, head, count, path);
    *plug = NULL;
    if (ctxt == NULL) return NULL;
    s->ctxt = ctxt;
    xmlCtxtUseOptions(ctxt, options);
    if (validation != NULL) {
        *plug = xmlSchemaSAXPlug(validation, &ctxt->sax, &ctxt->userData);
        if (*plug == NULL) { s->bail = 1; return ctxt; }
        xmlSchemaValidateSetLocator(validation, spacert_sax_locator, s);
    }
    return ctxt;
}

/* Whether the parser read the document in an encoding other than UTF-8, or was told one. */
static inline int spacert_sax_foreign_encoding(xmlParserCtxtPtr ctxt) {
    if (ctxt->input != NULL && ctxt->input->buf != NULL && ctxt->input->buf->encoder != NULL) return 1;
    if (ctxt->encoding != NULL) {
        const char *e = (const char *)ctxt->encoding;
        if (strcasecmp(e, "UTF-8") != 0 && strcasecmp(e, "UTF8") != 0) return 1;
    }
    return 0;
}

static inline int spacert_ctxt_well_formed(xmlParserCtxtPtr ctxt) { return ctxt->wellFormed; }

/* A parsed piece's events, attributes and bytes, handed from the parsing thread to the reading one. */
typedef struct {
    spacert_event *events;
    int eventCount, eventCap;
    spacert_attr *attrs;
    int attrCount, attrCap;
    unsigned char *bytes;
    size_t byteCount, byteCap;
} spacert_batch;

/* Moves what `s` has parsed into `out`, whose buffers `s` takes (emptied). Unless `final`, an
   open text at the end is kept back in `s`: the next piece may go on with it. */
static inline void spacert_sax_handoff(spacert_sax *s, spacert_batch *out, int final) {
    int held = !final && s->textOpen && s->eventCount > 0;
    spacert_batch old = *out;
    out->events = s->events; out->eventCount = s->eventCount - held; out->eventCap = s->eventCap;
    out->attrs = s->attrs; out->attrCount = s->attrCount; out->attrCap = s->attrCap;
    out->bytes = s->bytes; out->byteCount = s->byteCount; out->byteCap = s->byteCap;
    s->events = old.events; s->eventCap = old.eventCap; s->eventCount = 0;
    s->attrs = old.attrs; s->attrCap = old.attrCap; s->attrCount = 0;
    s->bytes = old.bytes; s->byteCap = old.byteCap; s->byteCount = 0;
    if (!held) {
        s->textOpen = 0;
        return;
    }
    spacert_event e = out->events[out->eventCount];
    if (!spacert_sax_reserve_bytes(s, e.length + 1)) return;
    memcpy(s->bytes, out->bytes + e.start, e.length + 1);
    s->byteCount = e.length + 1;
    e.start = 0;
    spacert_event *kept = spacert_sax_event(s);
    if (kept != NULL) *kept = e;
}

static inline void spacert_batch_free(spacert_batch *b) {
    free(b->events);
    free(b->attrs);
    free(b->bytes);
    memset(b, 0, sizeof *b);
}

/* Keeps the events from `from` on (and the bytes from `byteFrom` on), moved to the front. */
static inline void spacert_sax_keep(spacert_sax *s, int from, size_t byteFrom) {
    int kept = s->eventCount - from;
    if (kept > 0 && from > 0) memmove(s->events, s->events + from, sizeof(spacert_event) * (size_t)kept);
    s->eventCount = kept > 0 ? kept : 0;
    if (s->eventCount == 0) s->textOpen = 0;
    size_t bytesKept = s->byteCount - byteFrom;
    if (bytesKept > 0 && byteFrom > 0) memmove(s->bytes, s->bytes + byteFrom, bytesKept);
    s->byteCount = bytesKept;
    for (int i = 0; i < s->eventCount; i++) {
        s->events[i].start -= byteFrom;
        s->events[i].target -= byteFrom;
    }
    s->attrCount = 0;
}

static inline void spacert_sax_free(spacert_sax *s) {
    free(s->events);
    free(s->attrs);
    free(s->bytes);
    s->events = NULL;
    s->attrs = NULL;
    s->bytes = NULL;
}

#endif
