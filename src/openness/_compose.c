/* The positioned reader's data and position tables, built in C from libyaml's events.

reader.py's _Builder turns each of libyaml's events into Python data in Python: a Python event
object, marks and a method call per event, most of the time of reading a manifest. This module
builds the same data from the same events, in C, for the texts whose every event it handles
exactly as _Builder does, and declines every other text (returns None), which reader.py then reads
with _Builder, which reports what is wrong and where.

_Builder's three other tables (the position of every value, of every key, and the source text of
plain scalars that are not text) are keyed on each node's path: a tuple per node, and a dict entry
per value and per key, cost about a third of the read. This module writes a row of numbers per node
instead, in document order (ROW below), and the source text of those plain scalars by row; reader.py
finds a path's row from the data and the subtree sizes (reader._Rows) when a position is asked for,
which is only when a finding is shown.

The same events, by construction: it calls the libyaml that PyYAML's CParser (the positioned
reader's parser) runs in this process, found in PyYAML's own extension module (bind()), not a
libyaml of its own, so no text is accepted here that the positioned reader's parser refuses, and
no text is read otherwise. It declines: a parser error; an anchor, an alias or a tag; a mapping or
an alias as a key; a duplicate key; more than one document, or none; nesting deeper than
max_depth; more than max_nodes values; a plain scalar whose value resolve() refuses (it raises).
Plain scalars that may be something else than text (their first character starts a pattern of
PyYAML's resolver, or they are empty) are resolved by resolve(), the positioned reader's own
function; any other scalar is text. tests/test_compose.py compares both readers on every file of
the repository, on hostile inputs and on mutated ones.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

/* libyaml's functions, as PyYAML's extension module exports them. */
static struct {
    int (*initialize)(yaml_parser_t *);
    void (*set_input_string)(yaml_parser_t *, const unsigned char *, size_t);
    int (*parse)(yaml_parser_t *, yaml_event_t *);
    void (*event_delete)(yaml_event_t *);
    void (*parser_delete)(yaml_parser_t *);
    const char *(*version_string)(void);
} libyaml;

/* Room for libyaml's structs as this header declares them, and as much again: should the library
   in the process be a later release whose structs grew, it still writes into memory of ours. */
typedef union {
    yaml_parser_t parser;
    unsigned char room[2 * sizeof(yaml_parser_t)];
} ParserRoom;
typedef union {
    yaml_event_t event;
    unsigned char room[2 * sizeof(yaml_event_t)];
} EventRoom;

enum { DONE = 0, DECLINE = 1, FAIL = -1 }; /* FAIL: a Python exception is set */

/* A node's row: where it starts (an editor's line and column, 1-based, as _Builder.position gives
   a mark), where its key starts (0, 0: it has none, the root or an item of a list), how many rows
   its subtree has (itself included), and how many children it has (0 for a scalar). */
enum { LINE, COLUMN, KEY_LINE, KEY_COLUMN, SIZE, CHILDREN, ROW };
typedef uint32_t Row[ROW];

/* A mapping or a list being built. */
typedef struct {
    PyObject *container; /* borrowed: its parent (or the root) holds it */
    PyObject *key;       /* a mapping's key awaiting its value, or NULL */
    yaml_mark_t key_mark; /* where that key starts */
    Py_ssize_t row;      /* the container's own row */
    int is_mapping;
} Frame;

typedef struct {
    PyObject *resolve;
    const char *first; /* the first characters of PyYAML's implicit resolvers' patterns */
    Py_ssize_t first_length;
    Py_ssize_t max_nodes, nodes; /* nodes: the rows written */
    int max_depth, depth, documents;
    Frame *frames;
    Row *rows;
    Py_ssize_t capacity; /* rows allocated */
    PyObject *root, *plain_text;
    const char *word; /* a word to look for in the values (not the keys) */
    Py_ssize_t word_length;
    int word_found;
} State;

/* A mark as an editor's line and column; 0: beyond what a row holds (declined). */
static int place(yaml_mark_t mark, uint32_t *line, uint32_t *column)
{
    if (mark.line >= UINT32_MAX || mark.column >= UINT32_MAX)
        return 0;
    *line = (uint32_t)mark.line + 1;
    *column = (uint32_t)mark.column + 1;
    return 1;
}

/* The next node's row, written: DONE, DECLINE (too far into the text), or FAIL (memory). */
static int write_row(State *state, yaml_mark_t mark, const yaml_mark_t *key_mark)
{
    if (state->nodes == state->capacity) {
        Py_ssize_t capacity = state->capacity ? 2 * state->capacity : 256;
        Row *rows = PyMem_Realloc(state->rows, (size_t)capacity * sizeof(Row));
        if (rows == NULL) {
            PyErr_NoMemory();
            return FAIL;
        }
        state->rows = rows;
        state->capacity = capacity;
    }
    uint32_t *row = state->rows[state->nodes];
    memset(row, 0, sizeof(Row));
    row[SIZE] = 1;
    if (!place(mark, &row[LINE], &row[COLUMN]))
        return DECLINE;
    if (key_mark != NULL && !place(*key_mark, &row[KEY_LINE], &row[KEY_COLUMN]))
        return DECLINE;
    return DONE;
}

/* Puts a value (a reference it takes over) where the current frame expects one, as _Builder.add
   does, and writes its row. *row_out: its row. */
static int add(State *state, PyObject *value, yaml_mark_t mark, Py_ssize_t *row_out)
{
    *row_out = state->nodes;
    if (state->nodes >= state->max_nodes) {
        Py_DECREF(value);
        return DECLINE;
    }
    const yaml_mark_t *key_mark = NULL;
    if (state->depth == 0)
        Py_XSETREF(state->root, value);
    else {
        Frame *frame = &state->frames[state->depth - 1];
        int failed;
        if (frame->is_mapping) {
            key_mark = &frame->key_mark;
            failed = PyDict_SetItem(frame->container, frame->key, value);
            Py_CLEAR(frame->key);
        }
        else
            failed = PyList_Append(frame->container, value);
        Py_DECREF(value); /* its container holds it */
        if (failed)
            return FAIL;
    }
    int outcome = write_row(state, mark, key_mark);
    if (outcome != DONE)
        return outcome;
    state->nodes++;
    return DONE;
}

static int expects_key(State *state)
{
    if (state->depth == 0)
        return 0;
    Frame *frame = &state->frames[state->depth - 1];
    return frame->is_mapping && frame->key == NULL;
}

/* A key, as _Builder.key takes it: its text, whatever its style. */
static int key(State *state, PyObject *text, yaml_mark_t mark)
{
    Frame *frame = &state->frames[state->depth - 1];
    int present = PyDict_Contains(frame->container, text);
    if (present) {
        Py_DECREF(text);
        return present < 0 ? FAIL : DECLINE;
    }
    frame->key = text;
    frame->key_mark = mark;
    return DONE;
}

/* resolve() refused the value: declined, unless the error is one no reader can go on after. */
static int refused(void)
{
    if (PyErr_ExceptionMatches(PyExc_MemoryError) || PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
        return FAIL;
    PyErr_Clear();
    return DECLINE;
}

/* Short texts made before, kept to be made once: keys and many values repeat word for word within
   a manifest and across a batch ("availability", "license", "Apache-2.0"), and a str kept skips the
   decoding and the allocation of each new copy, and its hash is computed once. A slot per hash of
   the bytes (FNV-1a) holds the last text that hashed to it: at most SLOTS texts of at most SHORT
   bytes are kept, whatever is read. A str is immutable, so sharing one between documents is safe. */
enum { SHORT = 48, SLOTS = 4096 };
static PyObject *kept[SLOTS];

static PyObject *text_of(const char *value, Py_ssize_t length)
{
    if (length > SHORT)
        return PyUnicode_DecodeUTF8(value, length, "strict");
    uint32_t hash = 2166136261u;
    for (Py_ssize_t index = 0; index < length; index++)
        hash = (hash ^ (unsigned char)value[index]) * 16777619u;
    PyObject **slot = &kept[hash & (SLOTS - 1)];
    if (*slot != NULL) {
        Py_ssize_t size;
        const char *utf8 = PyUnicode_AsUTF8AndSize(*slot, &size);
        if (utf8 != NULL && size == length && memcmp(utf8, value, (size_t)length) == 0)
            return Py_NewRef(*slot);
        if (utf8 == NULL)
            return NULL;
    }
    PyObject *text = PyUnicode_DecodeUTF8(value, length, "strict");
    if (text != NULL)
        Py_XSETREF(*slot, Py_NewRef(text));
    return text;
}

static int scalar(State *state, yaml_event_t *event)
{
    const char *value = (const char *)event->data.scalar.value;
    Py_ssize_t length = (Py_ssize_t)event->data.scalar.length;
    PyObject *text = text_of(value, length);
    if (text == NULL)
        return refused();
    if (expects_key(state))
        return key(state, text, event->start_mark);
    if (!state->word_found && state->word_length > 0 &&
        memmem(value, (size_t)length, state->word, (size_t)state->word_length) != NULL)
        state->word_found = 1;
    PyObject *resolved = text;
    int plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (plain && (length == 0 || memchr(state->first, value[0], state->first_length) != NULL)) {
        resolved = PyObject_CallOneArg(state->resolve, text);
        if (resolved == NULL) {
            Py_DECREF(text);
            return refused();
        }
    }
    else
        Py_INCREF(resolved);
    int other = !PyUnicode_Check(resolved); /* its source text is kept, as _Builder keeps it */
    Py_ssize_t row;
    int outcome = add(state, resolved, event->start_mark, &row);
    if (outcome == DONE && other) {
        PyObject *number = PyLong_FromSsize_t(row);
        if (number == NULL || PyDict_SetItem(state->plain_text, number, text) < 0)
            outcome = FAIL;
        Py_XDECREF(number);
    }
    Py_DECREF(text);
    return outcome;
}

static int start(State *state, yaml_event_t *event, int is_mapping)
{
    if (expects_key(state) || state->depth >= state->max_depth)
        return DECLINE;
    PyObject *container = is_mapping ? PyDict_New() : PyList_New(0);
    if (container == NULL)
        return FAIL;
    Py_ssize_t row;
    int outcome = add(state, container, event->start_mark, &row);
    if (outcome != DONE)
        return outcome;
    Frame *frame = &state->frames[state->depth++];
    frame->container = container;
    frame->key = NULL;
    frame->row = row;
    frame->is_mapping = is_mapping;
    return DONE;
}

/* The end of the innermost container: its row's size and children, now known. */
static void end(State *state)
{
    Frame *frame = &state->frames[--state->depth];
    Py_CLEAR(frame->key);
    uint32_t *row = state->rows[frame->row];
    row[SIZE] = (uint32_t)(state->nodes - frame->row);
    row[CHILDREN] = (uint32_t)(frame->is_mapping ? PyDict_GET_SIZE(frame->container)
                                                 : PyList_GET_SIZE(frame->container));
}

static int feed(State *state, yaml_event_t *event)
{
    switch (event->type) {
    case YAML_DOCUMENT_START_EVENT:
        return ++state->documents > 1 ? DECLINE : DONE;
    case YAML_SCALAR_EVENT:
        if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL)
            return DECLINE;
        return scalar(state, event);
    case YAML_SEQUENCE_START_EVENT:
        if (event->data.sequence_start.anchor != NULL || event->data.sequence_start.tag != NULL)
            return DECLINE;
        return start(state, event, 0);
    case YAML_MAPPING_START_EVENT:
        if (event->data.mapping_start.anchor != NULL || event->data.mapping_start.tag != NULL)
            return DECLINE;
        return start(state, event, 1);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (state->depth == 0)
            return DECLINE; /* libyaml never sends one unopened; declined all the same */
        end(state);
        return DONE;
    case YAML_ALIAS_EVENT:
        return DECLINE;
    default: /* the stream's start and end, a document's end */
        return DONE;
    }
}

static int read_events(State *state, const unsigned char *source, size_t size)
{
    ParserRoom parser;
    EventRoom event;
    memset(&parser, 0, sizeof parser);
    if (!libyaml.initialize(&parser.parser)) {
        PyErr_NoMemory();
        return FAIL;
    }
    libyaml.set_input_string(&parser.parser, source, size);
    int outcome = DONE, finished = 0;
    while (outcome == DONE && !finished) {
        memset(&event, 0, sizeof event);
        if (!libyaml.parse(&parser.parser, &event.event)) {
            outcome = DECLINE; /* the positioned reader words the parser's error */
            break;
        }
        finished = event.event.type == YAML_STREAM_END_EVENT;
        outcome = feed(state, &event.event);
        libyaml.event_delete(&event.event);
    }
    libyaml.parser_delete(&parser.parser);
    if (outcome == DONE && (state->documents != 1 || state->depth != 0))
        outcome = DECLINE; /* no document ("empty document"), or an unfinished one */
    return outcome;
}

PyDoc_STRVAR(compose_doc,
"compose(source, resolve, first, max_depth, max_nodes, word)\n--\n\n"
"(data, rows, plain_text, word_found) of a UTF-8 YAML text: the data as reader._Builder builds it;\n"
"word_found, whether some value (not a key) holds the UTF-8 word given, as it reads; rows, bytes\n"
"of ROW native 32-bit unsigned numbers per node in document order (line, column, key's line, key's\n"
"column, size of its subtree in rows, children); plain_text, the source text of plain scalars that\n"
"did not resolve to a string, by row. None for a text this function declines (the positioned\n"
"reader reads it).");

static PyObject *compose(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer source;
    PyObject *resolve;
    const char *first;
    const char *word;
    Py_ssize_t first_length, max_nodes, word_length;
    int max_depth;
    if (!PyArg_ParseTuple(args, "y*Os#iny#", &source, &resolve, &first, &first_length, &max_depth,
                          &max_nodes, &word, &word_length))
        return NULL;
    PyObject *result = NULL;
    if (libyaml.parse == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bind() has not found libyaml");
        goto released;
    }
    if (max_depth < 0 || max_nodes < 0) {
        PyErr_SetString(PyExc_ValueError, "negative limit");
        goto released;
    }
    State state = {.resolve = resolve,
                   .first = first,
                   .first_length = first_length,
                   .max_nodes = max_nodes,
                   .max_depth = max_depth,
                   .word = word,
                   .word_length = word_length};
    state.frames = PyMem_Calloc((size_t)max_depth + 1, sizeof(Frame));
    int outcome = FAIL;
    if (state.frames == NULL)
        PyErr_NoMemory();
    else if ((state.plain_text = PyDict_New()) != NULL)
        outcome = read_events(&state, source.buf, (size_t)source.len);
    while (state.frames != NULL && state.depth > 0)
        end(&state);
    PyMem_Free(state.frames);
    if (outcome == DONE) {
        PyObject *data = state.root ? state.root : Py_None;
        PyObject *rows = PyBytes_FromStringAndSize((const char *)state.rows,
                                                   state.nodes * (Py_ssize_t)sizeof(Row));
        if (rows != NULL)
            result = PyTuple_Pack(4, data, rows, state.plain_text,
                                  state.word_found ? Py_True : Py_False);
        Py_XDECREF(rows);
    }
    else if (outcome == DECLINE)
        result = Py_NewRef(Py_None);
    PyMem_Free(state.rows);
    Py_XDECREF(state.root);
    Py_XDECREF(state.plain_text);
released:
    PyBuffer_Release(&source);
    return result;
}

PyDoc_STRVAR(bind_doc,
"bind(path)\n--\n\n"
"Find libyaml's functions in the extension module at path (PyYAML's yaml/_yaml, already loaded\n"
"by this process) and return libyaml's version. Raises OSError if they are not there.");

static PyObject *bind(PyObject *Py_UNUSED(module), PyObject *args)
{
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path))
        return NULL;
    /* RTLD_NOLOAD: the module this process has loaded, never another copy. */
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (handle == NULL)
        return PyErr_Format(PyExc_OSError, "%s is not loaded: %s", path, dlerror());
    void *found[6] = {
        dlsym(handle, "yaml_parser_initialize"), dlsym(handle, "yaml_parser_set_input_string"),
        dlsym(handle, "yaml_parser_parse"),      dlsym(handle, "yaml_event_delete"),
        dlsym(handle, "yaml_parser_delete"),     dlsym(handle, "yaml_get_version_string"),
    };
    for (int i = 0; i < 6; i++) {
        if (found[i] == NULL) {
            dlclose(handle);
            return PyErr_Format(PyExc_OSError, "%s has no libyaml functions", path);
        }
    }
    /* The handle stays open: the functions are used for as long as this module is. */
    *(void **)&libyaml.initialize = found[0];
    *(void **)&libyaml.set_input_string = found[1];
    *(void **)&libyaml.event_delete = found[3];
    *(void **)&libyaml.parser_delete = found[4];
    *(void **)&libyaml.version_string = found[5];
    *(void **)&libyaml.parse = found[2]; /* last: compose() takes a bound module by it */
    return PyUnicode_FromString(libyaml.version_string());
}

static PyMethodDef methods[] = {
    {"compose", compose, METH_VARARGS, compose_doc},
    {"bind", bind, METH_VARARGS, bind_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "openness._compose",
    .m_doc = "The positioned reader's tables, built in C from libyaml's events (see reader.py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__compose(void) { return PyModule_Create(&module); }
