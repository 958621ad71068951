// A graphql-codegen plugin: embeds schema.graphql as a string, so the server also works when
// bundled into one file (the headwater CLI), where no .graphql file sits next to the code.
const { readFileSync } = require('node:fs');

module.exports = {
  plugin(_schema, _documents, config) {
    const text = readFileSync(config.source, 'utf8');
    return `/** The GraphQL schema (generated from schema.graphql by \`pnpm codegen\`; do not edit). */\nexport const typeDefs: string = ${JSON.stringify(text)};\n`;
  },
};
