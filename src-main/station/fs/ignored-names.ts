// Names the station never takes for a photo: hidden files (our own temp files among them, see
// atomic-write.ts), editors' and browsers' partial downloads.
const TEMP_NAME = /(^\.)|(\.(tmp|temp|part|partial|crdownload|download|swp)$)|(~$)/i;

export function isIgnoredName(fileName: string): boolean {
  return TEMP_NAME.test(fileName);
}
