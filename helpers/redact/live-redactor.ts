/** Redacts stdout lines with the secrets registry as it grows (re-read when the file changes). */
import fs from 'node:fs';
import { paths } from '../run/paths.js';
import { redactText } from './redact.js';
import { allSecrets } from './secrets.js';

export class LiveRedactor {
  private size = -1;
  private secrets: string[] = [];

  redact(text: string): string {
    this.refresh();
    return redactText(text, this.secrets);
  }

  private refresh(): void {
    let size: number;
    try {
      size = fs.statSync(paths.secrets).size;
    } catch {
      size = 0;
    }
    if (size !== this.size) {
      this.size = size;
      this.secrets = allSecrets();
    }
  }
}
