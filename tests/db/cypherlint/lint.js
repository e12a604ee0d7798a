// Lint Cypher statements with Neo4j's own semantic analyser, as Neo4j 5 would read them.
//
// Input (stdin, JSON): {"schema": {"labels": [...], "relationshipTypes": [...]},
//                       "statements": [{"id": "...", "cypher": "...", "parameters": ["name", ...]}]}
// Output (stdout, JSON): [{"id": "...", "diagnostics": [{"severity": 1, "message": "...",
//                          "line": 0, "character": 0}]}]   (severity: 1 error, 2 warning, 3 info, 4 hint)
//
// Each statement is analysed as 'CYPHER 5 ' + cypher, with the schema's labels and
// relationship types and the statement's own parameters declared (their values do not
// matter to the analysis).  Used by tests/db/test_cypher_lint.py; installed by
// 'npm ci --prefix tests/db/cypherlint' (see .ci/run).
'use strict';

// Debian 12's Node 18 lacks these (the package's completion code uses them; the linter
// does not, as far as we know: defined here so an older Node can never fail halfway).
if (!Array.prototype.toReversed) {
  Object.defineProperty(Array.prototype, 'toReversed', {
    value: function () { return this.slice().reverse(); },
  });
}
if (!Array.prototype.toSorted) {
  Object.defineProperty(Array.prototype, 'toSorted', {
    value: function (cmp) { return this.slice().sort(cmp); },
  });
}

const { lintCypherQuery } = require('@neo4j-cypher/language-support');

const PREFIX = 'CYPHER 5 ';

function main(input) {
  const request = JSON.parse(input);
  const out = [];
  for (const st of request.statements) {
    const parameters = {};
    for (const name of st.parameters || []) parameters[name] = null;
    const schema = { ...(request.schema || {}), parameters };
    const { diagnostics } = lintCypherQuery(PREFIX + st.cypher, schema);
    out.push({
      id: st.id,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity,
        message: d.message,
        line: d.range.start.line,
        // columns on the first line count from the start of the statement, not of the prefix
        character: d.range.start.line === 0 ? d.range.start.character - PREFIX.length : d.range.start.character,
      })),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => main(input));
