// ESC/POS commands of fixed length that the simulator recognises but does not draw (underline, fonts, drawer
// pulse, barcode settings…): knowing their length lets the parser skip them whole instead of printing their
// argument bytes as text. Keyed by the byte after ESC, GS or FS: [total length, name].

/** Fixed-length commands the simulator skips: second byte → [total length, name]. */
export const FIXED_ESC: Record<number, [number, string]> = {
  0x20: [3, 'ESC SP right spacing'],
  0x24: [4, 'ESC $ absolute position'],
  0x25: [3, 'ESC % user characters'],
  0x2d: [3, 'ESC - underline'],
  0x32: [2, 'ESC 2 default line spacing'],
  0x33: [3, 'ESC 3 line spacing'],
  0x3d: [3, 'ESC = peripheral'],
  0x3f: [3, 'ESC ? cancel user character'],
  0x42: [4, 'ESC B buzzer'],
  0x47: [3, 'ESC G double strike'],
  0x4c: [2, 'ESC L page mode'],
  0x4d: [3, 'ESC M font'],
  0x52: [3, 'ESC R character set'],
  0x53: [2, 'ESC S standard mode'],
  0x54: [3, 'ESC T print direction'],
  0x55: [3, 'ESC U unidirectional'],
  0x56: [3, 'ESC V rotate'],
  0x57: [10, 'ESC W print area'],
  0x5c: [4, 'ESC \\ relative position'],
  0x63: [4, 'ESC c panel and sensors'],
  0x65: [3, 'ESC e reverse feed'],
  0x70: [5, 'ESC p drawer pulse'],
  0x72: [3, 'ESC r colour'],
  0x74: [3, 'ESC t code table'],
  0x75: [3, 'ESC u peripheral status'],
  0x76: [2, 'ESC v paper status'],
  0x7b: [3, 'ESC { upside down'],
};

export const FIXED_GS: Record<number, [number, string]> = {
  0x24: [4, 'GS $ vertical position'],
  0x2f: [3, 'GS / print downloaded image'],
  0x3a: [2, 'GS : macro'],
  0x42: [3, 'GS B reverse'],
  0x45: [3, 'GS E head control'],
  0x48: [3, 'GS H barcode text position'],
  0x49: [3, 'GS I printer id'],
  0x4c: [4, 'GS L left margin'],
  0x50: [4, 'GS P motion units'],
  0x54: [3, 'GS T line start'],
  0x57: [4, 'GS W print width'],
  0x5c: [4, 'GS \\ relative vertical position'],
  0x5e: [5, 'GS ^ macro run'],
  0x61: [3, 'GS a automatic status back'],
  0x62: [3, 'GS b smoothing'],
  0x66: [3, 'GS f barcode font'],
  0x68: [3, 'GS h barcode height'],
  0x72: [3, 'GS r transmit status'],
  0x77: [3, 'GS w barcode width'],
};

export const FIXED_FS: Record<number, [number, string]> = {
  0x21: [3, 'FS ! Chinese print mode'],
  0x2d: [3, 'FS - Chinese underline'],
  0x32: [76, 'FS 2 user Chinese character'],
  0x43: [3, 'FS C Chinese code'],
  0x53: [4, 'FS S Chinese spacing'],
  0x57: [3, 'FS W Chinese quadruple size'],
  0x70: [4, 'FS p NV image'],
};
