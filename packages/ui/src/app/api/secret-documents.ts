/** GraphQL documents of the Secrets page (names and times only: the API never returns a value). */
export const SECRETS_QUERY = /* GraphQL */ `
  query secrets {
    secrets { id name created updated }
  }
`;

export const SET_SECRET = /* GraphQL */ `
  mutation setSecret($input: setSecretInput!) {
    setSecret(input: $input) { created secret { id name created updated } }
  }
`;

export const DELETE_SECRET = /* GraphQL */ `
  mutation deleteSecret($input: deleteSecretInput!) {
    deleteSecret(input: $input) { success }
  }
`;

/** A secret as the API lists it. */
export interface Secret {
  id: string;
  name: string;
  created: string;
  updated: string;
}
