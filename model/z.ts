/**
 * The code base's one zod dialect: zod/mini, the functional API over the same core as classic
 * zod. Its schemas carry no methods, so a bundle keeps only the parts it uses; classic zod put
 * all of itself (JSON Schema export included) into every page, 28 KB gzip of the sidebar's 57.
 * Messages in English, as classic zod sets them up by itself.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

export { z };
