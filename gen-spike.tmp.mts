import { codegen } from "@graphql-codegen/core";
import * as ops from "@graphql-codegen/typescript-operations";
import { parse, buildSchema } from "graphql";
import fs from "node:fs";
const sdl = fs.readdirSync("schema").sort().map(f=>fs.readFileSync("schema/"+f,"utf8")).join("\n");
const docs = ["operations/alerts/list_alerts.graphql","operations/detections/list_detections.graphql"].map(p=>({location:p, document: parse(fs.readFileSync(p,"utf8"))}));
const out = await codegen({ filename: "generated/types.ts", schema: parse(sdl), documents: docs, plugins: [{ "typescript-operations": {} }], pluginMap: { "typescript-operations": ops }, config: { scalars: { DateTime: "string", JSON: "unknown" }, enumType: "string-literal" } });
console.log(out);
