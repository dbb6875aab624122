// Passphrase-encrypted export and import with WebCrypto: a key derived from the passphrase with
// PBKDF2 (SHA-256, 600,000 iterations, 16-byte random salt) encrypts the document with AES-GCM
// (256-bit key, 12-byte random IV). The envelope is JSON, so the file stays a `.isms.json`.
// Passphrases are normalised to Unicode NFC before use, so the same passphrase typed on another
// system (which may compose accented letters differently) opens the file. An imported envelope is
// checked before anything is derived: its iteration count must lie within bounds (a file cannot
// make the page spin for hours) and its salt and IV must have the sizes this format writes.
const FORMAT = "isms-encrypted/1";
const ITERATIONS = 600_000;
/** The iteration counts an imported file may ask for. */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;
/** The shortest passphrase accepted for an export, in characters. */
export const MIN_PASSPHRASE = 12;

function b64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The passphrase as used for the key: Unicode NFC. */
export const normalise = (passphrase) => String(passphrase).normalize("NFC");

/** Why a passphrase cannot seal an export (too short, the two differ), or null. */
export function passphraseProblem(passphrase, repeated) {
  const p = normalise(passphrase);
  if ([...p].length < MIN_PASSPHRASE) return `the passphrase must be at least ${MIN_PASSPHRASE} characters long`;
  if (repeated !== undefined && p !== normalise(repeated)) return "the two passphrases differ";
  return null;
}

async function keyFor(passphrase, salt, iterations, usage) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base,
    { name: "AES-GCM", length: 256 }, false, [usage]);
}

/** True if a parsed file is an encrypted envelope. */
export const isSealed = (value) => value?.format === FORMAT;

/** Encrypts text with a passphrase (NFC); resolves to the envelope's JSON text. */
export async function seal(text, passphrase) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFor(normalise(passphrase), salt, ITERATIONS, "encrypt");
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(text)));
  return JSON.stringify({
    format: FORMAT,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: b64(salt) },
    cipher: { name: "AES-GCM", iv: b64(iv) },
    data: b64(data),
  }, null, 2);
}

const bytes = (value, what) => {
  if (typeof value !== "string") throw new Error(`damaged file: the ${what} is missing`);
  try {
    return unb64(value);
  } catch {
    throw new Error(`damaged file: the ${what} is not base64`);
  }
};

/**
 * Checks an envelope's fields before anything is derived: returns {salt, iv, data, iterations} or
 * throws with the reason (an iteration count out of bounds, a salt or IV of the wrong size).
 */
export function opened(envelope) {
  const kdf = envelope?.kdf ?? {};
  const cipher = envelope?.cipher ?? {};
  if (kdf.name !== "PBKDF2" || kdf.hash !== "SHA-256") throw new Error("unsupported file: the key must be derived with PBKDF2 and SHA-256");
  if (cipher.name !== "AES-GCM") throw new Error("unsupported file: the cipher must be AES-GCM");
  const iterations = kdf.iterations;
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new Error(`unsupported file: its iteration count \`${iterations}\` is outside ${MIN_ITERATIONS.toLocaleString("en")} to ${MAX_ITERATIONS.toLocaleString("en")}`);
  }
  const salt = bytes(kdf.salt, "salt");
  if (salt.length < 16 || salt.length > 64) throw new Error(`damaged file: the salt has ${salt.length} bytes, expected 16 to 64`);
  const iv = bytes(cipher.iv, "IV");
  if (iv.length !== 12) throw new Error(`damaged file: the IV has ${iv.length} bytes, expected 12`);
  const data = bytes(envelope.data, "data");
  if (data.length < 16) throw new Error("damaged file: the encrypted data is too short");
  return { salt, iv, data, iterations };
}

/**
 * Decrypts an envelope. Rejects with the reason when the envelope is malformed or out of bounds
 * (before any key is derived), and with "wrong passphrase or damaged file" when it cannot decrypt.
 */
export async function unseal(envelope, passphrase) {
  const { salt, iv, data, iterations } = opened(envelope);
  const nfc = normalise(passphrase);
  // NFC first; the passphrase as typed too, for files sealed before passphrases were normalised.
  for (const candidate of nfc === passphrase ? [nfc] : [nfc, passphrase]) {
    try {
      const key = await keyFor(candidate, salt, iterations, "decrypt");
      return new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, data));
    } catch {
      // the next candidate, or the error below
    }
  }
  throw new Error("wrong passphrase or damaged file");
}
