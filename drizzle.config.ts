// drizzle-kit configuration: `drizzle-kit generate` writes SQL migrations from sql/schema.ts.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./sql/schema.ts",
  out: "./sql/migrations",
});
