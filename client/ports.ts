/** Port names: kept apart from the schemas so content scripts can import them without zod. */
export const PAGE_PORT = 'sidenote-page';
export const API_PORT = 'sidenote-api';
