import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '../../src/auth/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('正确的密码 correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword('正确的密码 correct horse', stored)).resolves.toBe(true);
  });

  it('refuses a wrong password', async () => {
    const stored = await hashPassword('correct horse');
    await expect(verifyPassword('correct horsf', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('normalises the password (NFKC) before hashing', async () => {
    const stored = await hashPassword('password1');
    await expect(verifyPassword('ｐａｓｓｗｏｒｄ１', stored)).resolves.toBe(true);
  });

  it.each(['', 'garbage', 'bcrypt$12$abc$def$ghi$jkl', 'scrypt$32768$8$1$c2FsdA', 'scrypt$32768$8$1$c2FsdA$'])(
    'returns false for the malformed stored hash %j',
    async (stored) => {
      await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    },
  );

  it.each(['scrypt$abc$8$1$c2FsdA$aGFzaGhhc2hoYXNo', 'scrypt$3$8$1$c2FsdA$aGFzaGhhc2hoYXNo'])(
    'returns false (does not throw) for bad scrypt parameters in %j',
    async (stored) => {
      await expect(verifyPassword('anything', stored)).resolves.toBe(false);
    },
  );

  it('does not accept any password when the stored key decodes to nothing', async () => {
    const salt = (await hashPassword('x')).split('$')[4]!;
    await expect(verifyPassword('anything', `scrypt$32768$8$1$${salt}$!`)).resolves.toBe(false);
  });
});

describe('generatePassword', () => {
  it('returns different 16-character passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
