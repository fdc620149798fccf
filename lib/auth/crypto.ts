import crypto from "node:crypto";
import { getEnv } from "../env";

// Connection credentials are encrypted at rest with AES-256-GCM keyed from WORKSPACE_SECRET.
const key = () =>
  crypto
    .createHash("sha256")
    .update("credentials:" + getEnv().WORKSPACE_SECRET)
    .digest();

export function encryptJson(value: unknown): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(
    ":",
  );
}

export function decryptJson(value: string | null | undefined): unknown {
  if (!value) return undefined;
  const [, iv, tag, data] = value.split(":");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return JSON.parse(
    Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8"),
  );
}
