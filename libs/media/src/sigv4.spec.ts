import { canonicalRequest, sha256Hex, sigV4Authorization } from './sigv4';

describe('AWS Signature Version 4', () => {
  // The worked example "GET Object" of the S3 API reference, "Examples: Signature Calculations in AWS Signature
  // Version 4" (sig-v4-header-based-auth), with its published keys and result.
  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
    service: 's3',
  };
  const emptyHash = sha256Hex('');
  const request = {
    method: 'GET',
    path: '/test.txt',
    query: '',
    headers: {
      Host: 'examplebucket.s3.amazonaws.com',
      Range: 'bytes=0-9',
      'x-amz-content-sha256': emptyHash,
      'x-amz-date': '20130524T000000Z',
    },
    payloadHash: emptyHash,
  };

  it('builds the canonical request of the published example', () => {
    expect(canonicalRequest(request).canonical).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${emptyHash}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        emptyHash,
      ].join('\n'),
    );
  });

  it('signs it with the published signature', () => {
    expect(sigV4Authorization(request, credentials)).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});
