/**
 * The stages a new team starts with. Apart from the schemas (zod) so that the UI's words
 * (components/i18n.ts) can name them without pulling zod into every script that imports those.
 */
export const DEFAULT_STAGES = ['lead', 'qualified', 'quoted', 'negotiating', 'won', 'lost'] as const;
