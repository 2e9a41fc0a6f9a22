// The API's types, from the project's generated client (clients/typescript). Until that is merged
// this points at a locally generated copy (replace at merge).
export type { paths } from '../../../../../tmp/devclient/schema';
