import { z } from "@hono/zod-openapi";

/** Shapes shared by several route files. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "member"]),
  })
  .openapi("User");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Drops fields (createdAt, password hashes) that an endpoint does not promise. */
export function publicUser(user: z.infer<typeof UserSchema>): z.infer<typeof UserSchema> {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}
