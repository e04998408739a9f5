/** Runs the speech command-line tools (pocketsphinx, espeak-ng, sox) with clear errors when missing. */
import { execFile } from 'node:child_process';

export const APT_PACKAGES = 'pocketsphinx pocketsphinx-en-us espeak-ng sox';

/**
 * sox output options for the audio pocketsphinx's en-us model expects: 16 kHz mono 16-bit PCM.
 * Dither stays on (pocketsphinx mishears digital silence) but in repeatable mode, so the same clip
 * is always recognized, and enrolled, the same way.
 */
export const SOX_16K_MONO: readonly string[] = [
  '-r',
  '16000',
  '-c',
  '1',
  '-b',
  '16',
  '-e',
  'signed-integer',
  '-R',
];

export function run(
  command: string,
  args: readonly string[],
  input?: Buffer,
): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { encoding: 'buffer', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT')
            reject(
              new Error(`'${command}' is not installed; on Debian: sudo apt-get install ${APT_PACKAGES}`),
            );
          else
            reject(
              new Error(
                `${command} failed: ${stderr.toString('utf8').trim().split('\n').slice(-3).join(' | ') || error.message}`,
              ),
            );
          return;
        }
        resolve({ stdout, stderr: stderr.toString('utf8') });
      },
    );
    if (input) child.stdin?.end(input);
  });
}
