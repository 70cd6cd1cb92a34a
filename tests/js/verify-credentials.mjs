// Verifies credentials with Digital Bazaar's Data Integrity libraries, which the portal's
// code never touches. Usage: node verify-credentials.mjs <dir>, where <dir> holds
// documents.json ({url: document} for every address a verifier would fetch: the issuers'
// profiles) and credentials.json ({name: credential}). Prints {name: {verified, error}} and,
// under "expand", whether every issuer profile expands as JSON-LD.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import jsigs from 'jsonld-signatures';
import jsonld from 'jsonld';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const dir = process.argv[2];
const documents = JSON.parse(readFileSync(join(dir, 'documents.json'), 'utf8'));
const credentials = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'));
const contexts = JSON.parse(readFileSync(join(dir, 'contexts.json'), 'utf8'));
const {purposes: {AssertionProofPurpose}} = jsigs;

// A document loader as a verifier writes one: contexts from local copies (never fetched),
// other addresses from what the portal served; a fragment selects the verification method
// of the document it belongs to, as a DID resolver would.
async function documentLoader(url) {
  if(contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: contexts[url]};
  }
  const [base] = url.split('#');
  const document = documents[base];
  if(!document) {
    throw new Error(`No document at ${url}`);
  }
  if(url.includes('#')) {
    const method = (document.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`No verification method ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: method};
  }
  return {contextUrl: null, documentUrl: url, document};
}

const results = {};
for(const [name, credential] of Object.entries(credentials)) {
  try {
    const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
    const result = await jsigs.verify(credential, {
      suite, purpose: new AssertionProofPurpose(), documentLoader
    });
    results[name] = {
      verified: result.verified,
      error: result.error ? String(result.error.errors || result.error) : null
    };
  } catch(e) {
    results[name] = {verified: false, error: String(e)};
  }
}
const expand = {};
for(const [url, document] of Object.entries(documents)) {
  try {
    await jsonld.expand(document, {documentLoader, safe: true});
    expand[url] = null;
  } catch(e) {
    expand[url] = String(e.details ? JSON.stringify(e.details) : e);
  }
}
console.log(JSON.stringify({results, expand}));
