// Passphrase-encrypted export and import with WebCrypto: a key derived from the passphrase with
// PBKDF2 (SHA-256, 600,000 iterations, 16-byte random salt) encrypts the document with AES-GCM
// (256-bit key, 12-byte random IV). The envelope is JSON, so the file stays a `.isms.json`.
const FORMAT = "isms-encrypted/1";
const ITERATIONS = 600_000;

function b64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function keyFor(passphrase, salt, iterations, usage) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base,
    { name: "AES-GCM", length: 256 }, false, [usage]);
}

/** True if a parsed file is an encrypted envelope. */
export const isSealed = (value) => value?.format === FORMAT;

/** Encrypts text with a passphrase; resolves to the envelope's JSON text. */
export async function seal(text, passphrase) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFor(passphrase, salt, ITERATIONS, "encrypt");
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(text)));
  return JSON.stringify({
    format: FORMAT,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: b64(salt) },
    cipher: { name: "AES-GCM", iv: b64(iv) },
    data: b64(data),
  }, null, 2);
}

/** Decrypts an envelope; rejects with "wrong passphrase or damaged file" when it cannot. */
export async function unseal(envelope, passphrase) {
  try {
    const key = await keyFor(passphrase, unb64(envelope.kdf.salt), envelope.kdf.iterations, "decrypt");
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(envelope.cipher.iv) }, key, unb64(envelope.data));
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error("wrong passphrase or damaged file");
  }
}
