namespace Ecosystem.Api.GraphiQL;

/// <summary>The GraphiQL page served to browsers on GET /graphql; every script and style comes from this server.</summary>
public static class GraphiQLPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Ecosystem GraphQL</title>
          <link rel="stylesheet" href="/lib/graphiql.min.css">
          <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL…</div>
          <script src="/lib/react.production.min.js"></script>
          <script src="/lib/react-dom.production.min.js"></script>
          <script src="/lib/graphiql.min.js"></script>
          <script>
            const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: { Accept: 'application/graphql-response+json' } });
            const defaultQuery = `# Ecosystem: Vietnam's industrial ecosystems as a graph. Try:
        {
          province(name: "hai duong") { name isCurrent validTo successor { name code } }
          search(text: "dinh vu", first: 3) { name kind score }
          firms(first: 3, where: { role: [LEAD_FIRM] }) {
            totalCount
            nodes { name country province { name } suppliers(first: 2) { totalCount nodes { supplier { name } product } } }
          }
        }
        `;
            ReactDOM.createRoot(document.getElementById('graphiql')).render(
              React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }));
          </script>
        </body>
        </html>
        """;
}
