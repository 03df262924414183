// Reads a JSON array of Cypher statements on standard input and writes, as JSON, the errors Neo4j's Cypher language
// support finds in each (syntax and semantic analysis). Parameters are not known here, so "not defined" is not an error.
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  const results = statements.map(statement => {
    const result = lintCypherQuery(statement, {});
    const diagnostics = result.diagnostics ?? result;
    return {
      statement,
      errors: diagnostics.filter(d => d.severity === 1 && !/^Parameter \$\w+ is not defined\.$/.test(d.message)).map(d => d.message),
    };
  });
  process.stdout.write(JSON.stringify(results));
});
