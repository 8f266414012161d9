import { defineConfig } from "tsup";
import { libraryBuilds } from "../../tsup.base.js";

export default defineConfig(libraryBuilds());
