// openapi-validate.mjs - checks web/openapi.json with a real OpenAPI 3 validator
// (@apidevtools/swagger-parser: the document against the OpenAPI 3.0 JSON schema, and every $ref
// resolves), then the points of docs/api.md that a schema cannot know: every route of the route
// table is described, the named component schemas exist, error responses use the Error shape,
// 429 carries Retry-After and 405 carries Allow.
//
// With --responses SAMPLES (written by api.sh: METHOD, path, status, Content-Type and body file,
// tab-separated), it also checks that every real response conforms: its status is described for
// its operation and a JSON body matches the described schema (ajv).
//
// usage: node openapi-validate.mjs [--responses SAMPLES.tsv] [OPENAPI.json] [API.md]
//        (defaults: web/openapi.json and docs/api.md of this repository)
// Exit 0 when valid; 1 with `FAIL [openapi]: ...` lines otherwise.
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
let samplesPath = null;
if (argv[0] === '--responses') {
    samplesPath = argv[1];
    argv.splice(0, 2);
}
const docPath = resolve(argv[0] ?? `${here}/../../web/openapi.json`);
const mdPath = resolve(argv[1] ?? `${here}/../../docs/api.md`);

let fails = 0;
let passes = 0;
const fail = (msg) => {
    fails++;
    console.error(`FAIL [openapi]: ${msg}`);
};
const check = (cond, msg) => (cond ? passes++ : fail(msg));

let text;
let doc;
try {
    text = readFileSync(docPath, 'utf8');
    doc = JSON.parse(text);
} catch (e) {
    fail(`${docPath}: ${e.message}`);
    console.log(`${passes} passed, ${fails} failed`);
    process.exit(1);
}

// 1. The validator proper (it dereferences in place: give it a copy).
try {
    await SwaggerParser.validate(structuredClone(doc));
    passes++;
} catch (e) {
    fail(`${docPath} is not a valid OpenAPI document: ${e.message}`);
}

// 2. What docs/api.md asks for.
check(doc.openapi === '3.0.3', `openapi is ${doc.openapi}, expected 3.0.3`);
check(doc.info?.title === 'xinyong 信用 API', `info.title is ${doc.info?.title}`);

const schemas = doc.components?.schemas ?? {};
for (const name of ['Error', 'SubjectSummary', 'Subject', 'Record', 'Field', 'CreditFile', 'Tab',
    'SearchResult', 'BrowseResult', 'Catalog', 'Departments', 'Health']) {
    check(name in schemas, `components.schemas lacks ${name}`);
}
const errCodes = schemas.Error?.properties?.error?.properties?.code?.enum ?? [];
for (const c of ['INVALID', 'PARSE', 'NOT_FOUND', 'METHOD', 'TOO_LARGE', 'UNSUPPORTED', 'RATE_LIMITED',
    'UNAVAILABLE', 'INTERNAL']) {
    check(errCodes.includes(c), `Error.code lacks ${c}`);
}
check((schemas.Error?.properties?.error?.required ?? []).includes('request_id'),
    'Error.error does not require request_id');

// Routes of the table in docs/api.md: | METHOD | `path` | what |
const routes = [];
try {
    for (const line of readFileSync(mdPath, 'utf8').split('\n')) {
        const m = /^\|\s*(GET|POST|PUT|DELETE|PATCH)\s*\|\s*(.+?)\s*\|/.exec(line);
        if (!m) continue;
        for (const p of m[2].matchAll(/`([^`]+)`/g)) routes.push([m[1].toLowerCase(), p[1].replace(/\?.*$/, '')]);
    }
} catch (e) {
    fail(`${mdPath}: ${e.message}`);
}
check(routes.length >= 10, `only ${routes.length} routes read from ${mdPath}`);

const paths = doc.paths ?? {};
const described = (method, path) => {
    if (path.endsWith('/...')) {
        const prefix = path.slice(0, -3);
        return Object.keys(paths).some((p) => p.startsWith(prefix) && paths[p][method]);
    }
    return Boolean(paths[path]?.[method]);
};
for (const [method, path] of routes) {
    check(described(method, path), `route ${method.toUpperCase()} ${path} of docs/api.md is not described`);
}

// Error responses: resolve response $refs one level.
const resolveRef = (obj) => {
    if (!obj?.$ref) return obj;
    const parts = obj.$ref.replace(/^#\//, '').split('/');
    return parts.reduce((o, k) => o?.[k], doc);
};
const seen = new Set();
for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete', 'patch', 'head'].includes(method)) continue;
        for (const [status, r0] of Object.entries(op.responses ?? {})) {
            seen.add(status);
            const r = resolveRef(r0);
            const where = `${method.toUpperCase()} ${path} ${status}`;
            if (/^[45]/.test(status) && !(path === '/api/v1/health' && status === '503')) {
                const s = r?.content?.['application/json']?.schema;
                check(s?.$ref === '#/components/schemas/Error', `${where} does not use the Error schema`);
            }
            check(r?.headers?.['X-Request-Id'], `${where} lacks the X-Request-Id header`);
            if (status === '429') check(r?.headers?.['Retry-After'], `${where} lacks Retry-After`);
            if (status === '405') check(r?.headers?.Allow, `${where} lacks Allow`);
        }
    }
}
for (const s of ['200', '400', '404', '405', '413', '415', '429', '500', '503']) {
    check(seen.has(s), `no operation describes status ${s}`);
}
const person = paths['/api/v1/subjects/person']?.post;
check(person?.requestBody?.content?.['application/json'], 'POST /api/v1/subjects/person has no JSON body');
for (const s of ['400', '404', '413', '415', '429']) {
    check(person?.responses?.[s], `POST /api/v1/subjects/person lacks ${s}`);
}
// A natural person is never looked up through the URL.
const personParams = (person?.parameters ?? []).map((p) => resolveRef(p)?.name);
check(!personParams.includes('id_number') && !personParams.includes('name'),
    'POST /api/v1/subjects/person takes the name or ID number as a URL parameter');

if (samplesPath) checkResponses(samplesPath);

console.log(`${passes} passed, ${fails} failed`);
process.exit(fails ? 1 : 0);

// OpenAPI 3.0 schema objects as JSON Schema for ajv: nullable becomes a null type, $refs point
// into the document registered as "oas".
function toJsonSchema(node) {
    if (Array.isArray(node)) return node.map(toJsonSchema);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out.$ref = `oas${v}`;
        else if (k !== 'nullable' && k !== 'example') out[k] = toJsonSchema(v);
    }
    if (node.nullable === true) {
        if (out.type) out.type = [out.type, 'null'];
        if (out.enum) out.enum = [...out.enum, null];
        if (out.$ref || out.allOf || out.oneOf) return { anyOf: [out, { type: 'null' }] };
    }
    return out;
}

function checkResponses(file) {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
    const oas = toJsonSchema(doc);
    ajv.addSchema({ $id: 'oas', components: oas.components });
    const compiled = new Map();
    const validator = (schema) => {
        const key = JSON.stringify(schema);
        if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
        return compiled.get(key);
    };
    const templates = Object.keys(doc.paths).map((t) => ({ t, segs: t.split('/') }));
    const findPath = (path) => {
        const segs = path.split('/');
        let best = null;
        let bestLiterals = -1;
        for (const { t, segs: ts } of templates) {
            if (ts.length !== segs.length) continue;
            let literals = 0;
            let okMatch = true;
            for (let i = 0; i < ts.length; i++) {
                if (/^\{.*\}$/.test(ts[i])) {
                    if (!segs[i]) okMatch = false;
                } else if (ts[i] === segs[i]) literals++;
                else okMatch = false;
            }
            if (okMatch && literals > bestLiterals) [best, bestLiterals] = [t, literals];
        }
        return best;
    };
    const errorSchema = validator({ $ref: 'oas#/components/schemas/Error' });
    const problems = new Map(); // one failure per operation, status and problem
    const report = (key, msg) => {
        if (!problems.has(key)) problems.set(key, msg);
    };
    let n = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        const [method, path, status, ctype, bodyFile] = line.split('\t');
        if (status === '000') continue;
        n++;
        let body = null;
        const isJson = /^application\/json\b/.test(ctype);
        if (isJson) {
            try {
                body = JSON.parse(readFileSync(bodyFile, 'utf8'));
            } catch (e) {
                report(`${method} ${path} ${status} json`, `${method} ${path} ${status}: body is not JSON (${e.message})`);
                continue;
            }
        }
        const t = findPath(path);
        const op = t && doc.paths[t][method.toLowerCase()];
        if (!op) {
            // no such operation (404 route, 405 method): only the error shape applies
            if (Number(status) >= 400 && isJson && !errorSchema(body)) {
                report(`${method} ${t ?? path} ${status} err`, `${method} ${path} ${status}: not the Error schema: ${ajv.errorsText(errorSchema.errors)}`);
            } else if (Number(status) < 400 && !path.startsWith('/api/')) {
                // static files other than those named in the document
            } else if (Number(status) < 400) {
                report(`${method} ${path} undoc`, `${method} ${path} answered ${status} but is not described`);
            }
            continue;
        }
        const where = `${method} ${t} ${status}`;
        const r0 = op.responses[status] ?? op.responses.default;
        if (!r0) {
            report(where, `${where}: status ${status} is not described for this operation (e.g. ${path})`);
            continue;
        }
        const r = resolveRef(r0);
        const media = r.content && Object.keys(r.content);
        if (media && !media.some((m) => ctype.startsWith(m))) {
            report(`${where} ctype`, `${where}: Content-Type ${ctype}, described ${media.join(', ')}`);
        }
        const schema = r.content?.['application/json']?.schema;
        if (isJson && schema) {
            const v = validator(toJsonSchema(schema));
            if (!v(body)) {
                const e = v.errors[0];
                report(`${where} ${e.instancePath.replace(/\/\d+/g, '/N')} ${e.message}`,
                    `${where}: body does not match the schema at ${e.instancePath || '/'}: ${e.message}` +
                    ` (${JSON.stringify(e.params)}) e.g. ${path}`);
            }
        }
    }
    check(n > 0, `no responses in ${file}`);
    for (const msg of problems.values()) fail(`response: ${msg}`);
    if (!problems.size) passes++;
}
