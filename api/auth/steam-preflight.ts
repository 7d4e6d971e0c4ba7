import { createDecipheriv } from 'node:crypto';

/**
 * steam-appticket decrypts through a stream whose bad-padding error is emitted as an unhandled 'error' event,
 * which would crash the process on any forged ticket. So we first decrypt the same bytes ourselves, where a
 * failure is an ordinary exception, and hand the library only tickets that decrypt cleanly.
 */
export function decryptsCleanly(ticket: Buffer, key: Buffer): boolean {
  const sealed = encryptedTicketField(ticket);
  if (!sealed || sealed.length < 32 || sealed.length % 16 !== 0 || key.length !== 32) return false;
  try {
    const ivCipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    const iv = Buffer.concat([ivCipher.update(sealed.subarray(0, 16)), ivCipher.final()]);
    const body = createDecipheriv('aes-256-cbc', key, iv);
    Buffer.concat([body.update(sealed.subarray(16)), body.final()]);
    return true;
  } catch {
    return false;
  }
}

/** Reads field 5 (`encrypted_ticket`, bytes) of the EncryptedAppTicket protobuf; undefined if malformed. */
function encryptedTicketField(buf: Buffer): Buffer | undefined {
  let pos = 0;
  const varint = (): number | undefined => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= buf.length) return undefined;
      const byte = buf[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    return undefined;
  };
  while (pos < buf.length) {
    const tag = varint();
    if (tag === undefined) return undefined;
    const wire = tag & 7;
    if (wire === 0) {
      if (varint() === undefined) return undefined;
    } else if (wire === 2) {
      const len = varint();
      if (len === undefined || pos + len > buf.length) return undefined;
      if (tag >>> 3 === 5) return buf.subarray(pos, pos + len);
      pos += len;
    } else return undefined;
  }
  return undefined;
}
