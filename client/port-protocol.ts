import { z } from '../model/z';

/** Messages a page sends the background on the API Port. */
export const ToBackground = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: z.number().check(z.int()), name: z.string(), args: z.unknown() }),
  z.object({ type: z.literal('subscribe'), id: z.number().check(z.int()), name: z.string(), args: z.unknown() }),
  z.object({ type: z.literal('unsubscribe'), id: z.number().check(z.int()) }),
]);
export type ToBackground = z.infer<typeof ToBackground>;

/** An error in words, with a code (and the names it mentions) the UI may translate. */
export const WireError = z.object({ code: z.string(), message: z.string(), params: z.optional(z.record(z.string(), z.string())) });
export type WireError = z.infer<typeof WireError>;

/** Messages the background sends a page on the API Port. */
export const ToPage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().check(z.int()), value: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().check(z.int()), error: WireError }),
  /** A subscription's fresh value. */
  z.object({ type: z.literal('data'), id: z.number().check(z.int()), value: z.unknown() }),
]);
export type ToPage = z.infer<typeof ToPage>;
