import { Problem } from '@countyflow/kernel';
import type { FastifyRequest } from 'fastify';

/** The bytes of the one file part of a `multipart/form-data` request (a photo), within `limitBytes`. */
export async function readUploadedFile(request: FastifyRequest, limitBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new Problem(415, 'multipart-required', 'send the photo as multipart/form-data with one file part');
  }
  let file;
  try {
    file = await request.file({ limits: { fileSize: limitBytes, files: 1, fields: 0, parts: 2 } });
  } catch {
    throw new Problem(400, 'multipart-malformed', 'the multipart body cannot be read');
  }
  if (!file) {
    throw new Problem(400, 'photo-missing', 'the request carries no photo');
  }
  try {
    const bytes = await file.toBuffer();
    return bytes;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new Problem(413, 'photo-too-large', `the photo is larger than ${limitBytes} bytes`, {
        limitBytes,
      });
    }
    throw new Problem(400, 'multipart-malformed', 'the multipart body cannot be read');
  }
}

/** The OpenAPI description of a photo upload's body. */
export const PHOTO_UPLOAD_BODY = {
  schema: {
    type: 'object' as const,
    required: ['photo'],
    properties: {
      photo: { type: 'string' as const, format: 'binary', description: 'JPEG, PNG or WebP, at most 12 MB' },
    },
  },
};
