/* The positioned reader's data and position tables, built in C from libyaml's events.

reader.py's _Builder turns each of libyaml's events into Python data in Python: a Python event
object, marks and a method call per event, most of the time of reading a manifest. This module
builds the same four tables (the data, the position of every value, of every key, and the source
text of plain scalars that are not text) from the same events, in C, for the texts whose every
event it handles exactly as _Builder does, and declines every other text (returns None), which
reader.py then reads with _Builder, which reports what is wrong and where.

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

/* A mapping or a list being built. */
typedef struct {
    PyObject *container; /* borrowed: its parent (or the root) holds it */
    PyObject *path;      /* its path, a tuple */
    PyObject *key;       /* a mapping's key awaiting its value, or NULL */
    PyObject *key_path;  /* the path of that value */
    Py_ssize_t index;    /* a list's next index */
    int is_mapping;
} Frame;

typedef struct {
    PyObject *resolve;
    const char *first; /* the first characters of PyYAML's implicit resolvers' patterns */
    Py_ssize_t first_length;
    Py_ssize_t max_nodes, nodes;
    int max_depth, depth, documents;
    int positioned; /* 0: the data alone (no paths, no tables) */
    Frame *frames;
    PyObject *root, *positions, *key_positions, *plain_text;
} State;

/* An editor's line and column, 1-based: what _Builder.position gives a mark. */
static PyObject *position(yaml_mark_t mark)
{
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    PyObject *column = line ? PyLong_FromSize_t(mark.column + 1) : NULL;
    PyObject *pair = column ? PyTuple_New(2) : NULL;
    if (pair == NULL) {
        Py_XDECREF(line);
        Py_XDECREF(column);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, line);
    PyTuple_SET_ITEM(pair, 1, column);
    return pair;
}

static int record(PyObject *table, PyObject *path, yaml_mark_t mark)
{
    PyObject *pair = position(mark);
    if (pair == NULL)
        return FAIL;
    int failed = PyDict_SetItem(table, path, pair);
    Py_DECREF(pair);
    return failed ? FAIL : DONE;
}

/* (*path, item): a new reference, or NULL. */
static PyObject *extended(PyObject *path, PyObject *item)
{
    Py_ssize_t size = PyTuple_GET_SIZE(path);
    PyObject *longer = PyTuple_New(size + 1);
    if (longer == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *part = PyTuple_GET_ITEM(path, i);
        Py_INCREF(part);
        PyTuple_SET_ITEM(longer, i, part);
    }
    Py_INCREF(item);
    PyTuple_SET_ITEM(longer, size, item);
    return longer;
}

/* Puts a value (a reference it takes over) where the current frame expects one, as _Builder.add
   does, and records its position. *path_out: its path (a new reference). */
static int add(State *state, PyObject *value, yaml_mark_t mark, PyObject **path_out)
{
    PyObject *path = NULL;
    *path_out = NULL;
    if (++state->nodes > state->max_nodes) {
        Py_DECREF(value);
        return DECLINE;
    }
    if (state->depth == 0) {
        if (state->positioned && (path = PyTuple_New(0)) == NULL) {
            Py_DECREF(value);
            return FAIL;
        }
        Py_XSETREF(state->root, value);
    }
    else {
        Frame *frame = &state->frames[state->depth - 1];
        int failed;
        if (frame->is_mapping) {
            path = frame->key_path;
            frame->key_path = NULL;
            failed = PyDict_SetItem(frame->container, frame->key, value);
            Py_CLEAR(frame->key);
        }
        else if (state->positioned) {
            PyObject *index = PyLong_FromSsize_t(frame->index++);
            path = index ? extended(frame->path, index) : NULL;
            Py_XDECREF(index);
            failed = path == NULL || PyList_Append(frame->container, value);
        }
        else
            failed = PyList_Append(frame->container, value);
        Py_DECREF(value); /* its container holds it */
        if (failed) {
            Py_XDECREF(path);
            return FAIL;
        }
    }
    if (path != NULL && record(state->positions, path, mark) != DONE) {
        Py_DECREF(path);
        return FAIL;
    }
    *path_out = path;
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
    if (!state->positioned)
        return DONE;
    if ((frame->key_path = extended(frame->path, text)) == NULL)
        return FAIL;
    return record(state->key_positions, frame->key_path, mark);
}

/* resolve() refused the value: declined, unless the error is one no reader can go on after. */
static int refused(void)
{
    if (PyErr_ExceptionMatches(PyExc_MemoryError) || PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
        return FAIL;
    PyErr_Clear();
    return DECLINE;
}

static int scalar(State *state, yaml_event_t *event)
{
    const char *value = (const char *)event->data.scalar.value;
    Py_ssize_t length = (Py_ssize_t)event->data.scalar.length;
    PyObject *text = PyUnicode_DecodeUTF8(value, length, "strict");
    if (text == NULL)
        return refused();
    if (expects_key(state))
        return key(state, text, event->start_mark);
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
    PyObject *path;
    int outcome = add(state, resolved, event->start_mark, &path);
    if (outcome == DONE && path != NULL) {
        if (other && PyDict_SetItem(state->plain_text, path, text) < 0)
            outcome = FAIL;
        Py_DECREF(path);
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
    PyObject *path;
    int outcome = add(state, container, event->start_mark, &path);
    if (outcome != DONE)
        return outcome;
    Frame *frame = &state->frames[state->depth++];
    frame->container = container;
    frame->path = path;
    frame->key = NULL;
    frame->key_path = NULL;
    frame->index = 0;
    frame->is_mapping = is_mapping;
    return DONE;
}

static void end(State *state)
{
    Frame *frame = &state->frames[--state->depth];
    Py_CLEAR(frame->path);
    Py_CLEAR(frame->key);
    Py_CLEAR(frame->key_path);
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
"compose(source, resolve, first, max_depth, max_nodes, positioned)\n--\n\n"
"(data, positions, key_positions, plain_text) of a UTF-8 YAML text, as reader._Builder makes\n"
"them (not positioned: the three tables are left empty); None for a text this function declines\n"
"(the positioned reader reads it).");

static PyObject *compose(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer source;
    PyObject *resolve;
    const char *first;
    Py_ssize_t first_length, max_nodes;
    int max_depth, positioned;
    if (!PyArg_ParseTuple(args, "y*Os#inp", &source, &resolve, &first, &first_length, &max_depth,
                          &max_nodes, &positioned))
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
                   .positioned = positioned};
    state.frames = PyMem_Calloc((size_t)max_depth + 1, sizeof(Frame));
    state.positions = PyDict_New();
    state.key_positions = PyDict_New();
    state.plain_text = PyDict_New();
    int outcome = FAIL;
    if (state.frames == NULL)
        PyErr_NoMemory();
    else if (state.positions && state.key_positions && state.plain_text)
        outcome = read_events(&state, source.buf, (size_t)source.len);
    while (state.frames != NULL && state.depth > 0)
        end(&state);
    PyMem_Free(state.frames);
    if (outcome == DONE)
        result = PyTuple_Pack(4, state.root ? state.root : Py_None, state.positions,
                              state.key_positions, state.plain_text);
    else if (outcome == DECLINE)
        result = Py_NewRef(Py_None);
    Py_XDECREF(state.root);
    Py_XDECREF(state.positions);
    Py_XDECREF(state.key_positions);
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
