/** One page of the Projects list: projects by name whose name contains `search` (any case). */
export const PROJECTS_PAGE_QUERY = /* GraphQL */ `
  query ProjectsPage($search: String, $first: Int, $after: String) {
    projectsConnection(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id name description created flowCount }
    }
  }
`;
