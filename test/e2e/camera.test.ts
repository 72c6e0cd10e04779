/// <reference lib="dom" />
// The camera steps of the application flow in Debian's Chromium with its fake capture device: document photos
// (take, retake, use, thumbnail, size limit, delete, skip), separate consent for a face photo (decline and agree),
// the face photo shown once and dropped, plain messages when there is no usable camera, and no camera track or
// photo left behind after the flow.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guideRect, JPEG_QUALITIES, PAGE_ASPECT, PAGE_FILL } from '../../renderer/src/apply/camera.ts';
import { FACE_LUMA, writeFaceVideo } from '../fixtures/fake-face-y4m.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passCaseSteps, passEligibility, submitReview } from '../helpers/apply-steps.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const tempDir = useTempDir('camera-e2e-');

/** The usual test browser plus Chromium's fake camera and an auto-accepted permission prompt. */
function launchWithFakeCamera(extraArgs: string[]): Promise<Browser> {
  return launchChromium(['--use-fake-ui-for-media-stream', ...extraArgs]);
}

let kiosk: RunningKiosk;
const pages: Page[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  kiosk = await startKiosk(tempDir());
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.context().close();
});

afterAll(async () => {
  await kiosk?.stop();
});

interface KioskPage extends Page {
  problems: string[];
  consoleText: string[];
  /** blob: URLs the test loaded on purpose to prove they are revoked; their load failure is expected. */
  probed: Set<string>;
}

/** Every camera track the page opened, kept by a wrapper around getUserMedia, so a test can ask which are live. */
const RECORD_TRACKS = () => {
  const tracks: MediaStreamTrack[] = [];
  (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks = tracks;
  const media = navigator.mediaDevices;
  if (!media) return;
  const original = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    tracks.push(...stream.getTracks());
    return stream;
  };
};

type CameraStub = 'NotFoundError' | 'NotReadableError' | 'NotAllowedError' | 'noDevices' | 'noFrame';

/** Replaces the camera with a failure (runs after RECORD_TRACKS, so a stubbed stream is recorded too). */
const STUB_CAMERA = (stub: CameraStub) => {
  const media = navigator.mediaDevices;
  const tracks = (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks;
  if (stub === 'noDevices') {
    media.enumerateDevices = async () => [];
    media.getUserMedia = async () => {
      throw new DOMException('Requested device not found', 'NotFoundError');
    };
  } else if (stub === 'noFrame') {
    // A stream that never delivers a picture: a canvas nobody draws on.
    media.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const stream = canvas.captureStream(0);
      tracks.push(...stream.getTracks());
      return stream;
    };
  } else {
    media.getUserMedia = async () => {
      throw new DOMException('stubbed camera failure', stub);
    };
  }
};

async function openKiosk(
  browser: Browser,
  options: { url?: string; stub?: CameraStub; settings?: Record<string, unknown>; locale?: string } = {},
): Promise<KioskPage> {
  const context = await browser.newContext({
    viewport: PORTRAIT,
    hasTouch: true,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await context.grantPermissions(['camera'], { origin: kiosk.host.origin });
  await context.addInitScript(RECORD_TRACKS);
  if (options.stub) await context.addInitScript(STUB_CAMERA, options.stub);
  const page = (await context.newPage()) as KioskPage;
  pages.push(page);
  if (options.settings) {
    // Stands in for a kiosk configured differently: the real answer with some camera settings changed.
    const overrides = options.settings;
    await page.route(`${kiosk.host.origin}/api/call/getDeviceSettings`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { ok: true; value: { camera: Record<string, unknown> } };
      body.value.camera = { ...body.value.camera, ...overrides };
      await route.fulfill({ response, json: body });
    });
  }
  page.problems = [];
  page.consoleText = [];
  page.probed = new Set();
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    if (page.probed.has(message.location().url)) return;
    page.consoleText.push(message.text());
    if (message.type() === 'error') page.problems.push(message.text());
  });
  await page.goto(options.url ?? kiosk.host.url);
  return page;
}

const NAME = '陈阿婆';
const ID_NUMBER = '440825194803150020';
const PHONE = '13800138000';

/** Home → 法律援助 → first service → 开始办理 → type the details by hand (no reader) → the document step. */
async function reachDocuments(page: Page): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('materials-list').waitFor();
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('form-name').fill(NAME);
  await page.getByTestId('form-id-number').fill(ID_NUMBER);
  await page.getByTestId('form-phone').fill(PHONE);
  await page.getByTestId('form-confirm').tap();
  await passCaseSteps(page);
  await page.locator('[data-testid="documents-screen"][data-mode="list"]').waitFor();
}

const cameraIs = (page: Page, status: 'live' | 'problem') =>
  page.locator(`[data-testid="camera"][data-status="${status}"]`).waitFor({ timeout: 15_000 });

/** Labels of the camera tracks that are still live. */
const liveTracks = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks
      .filter((track) => track.readyState === 'live')
      .map((track) => track.label || track.kind),
  );

const openedTracks = (page: Page) =>
  page.evaluate(() => (window as unknown as { cameraTracks: MediaStreamTrack[] }).cameraTracks.map((t) => t.label));

/** Whether a blob: URL still loads as an image (the page's CSP allows blob: images); a dropped photo's must not. */
const urlAlive = (page: KioskPage, url: string) => {
  page.probed.add(url);
  return page.evaluate(
    (address) =>
      new Promise<boolean>((resolve) => {
        const image = new Image();
        image.onload = () => resolve(true);
        image.onerror = () => resolve(false);
        image.src = address;
      }),
    url,
  );
};

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

/** Buttons under 72 px and text under 24 px in the apply screen. */
async function sizeProblems(page: Page): Promise<{ small: string[]; tiny: string[] }> {
  const small = await page.locator('.screen-apply button').evaluateAll((elements) =>
    elements
      .map((element) => ({ text: element.textContent, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 72 || box.height < 72))
      .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  const tiny = await page.locator('.screen-apply *').evaluateAll((elements) =>
    elements
      .filter((element) =>
        Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent?.trim()),
      )
      .filter((element) => parseFloat(getComputedStyle(element).fontSize) < 24)
      .map((element) => element.textContent),
  );
  return { small, tiny };
}

/** Nothing written where the next villager (or anyone) could find it. */
async function expectNothingStored(page: KioskPage): Promise<void> {
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
  expect(stored).toEqual({ local: 0, session: 0, databases: 0 });
  expect(page.consoleText.join('\n')).not.toMatch(/blob:|data:image|440825|陈阿婆/);
}

describe('document photos with the fake camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Two fake cameras, so choosing one by its label can be seen.
    browser = await launchWithFakeCamera(['--use-fake-device-for-media-stream=device-count=2']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('takes a page, retakes it, uses it, shows it as a thumbnail under the size limit, and deletes it', async () => {
    const page = await openKiosk(browser);
    await reachDocuments(page);
    const settings = await kiosk.core.service.getDeviceSettings();
    expect(await page.locator('.apply-step').textContent()).toBe('第 6 步，共 9 步');
    // Every material of the catalogue item is offered, and so is skipping; the camera is not on yet.
    const [first] = await kiosk.core.service.listServices({ categoryId: 'falv-yuanzhu' });
    const service = await kiosk.core.service.getService({ id: first!.id });
    const materials = page.getByTestId('photo-material');
    expect(await materials.count()).toBe(service.materials.length);
    expect(await materials.first().textContent()).toContain(service.materials[0]!.name);
    expect(await page.getByTestId('documents-skip').textContent()).toBe('跳过，下一步');
    expect(await openedTracks(page)).toEqual([]);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-documents-list');

    await materials.first().getByTestId('photo-take').tap();
    await cameraIs(page, 'live');
    expect(await page.locator('.camera-guide-text').textContent()).toBe('把材料平放，对准白框');
    // No hint configured: the first camera, asked for the configured size.
    expect(await liveTracks(page)).toEqual(['fake_device_0']);
    const asked = await page.evaluate(() => {
      const video = document.querySelector('video')!;
      return [video.videoWidth, video.videoHeight];
    });
    expect(asked).toEqual([settings.camera.width, settings.camera.height]);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-documents-live');

    await page.getByTestId('camera-capture').tap();
    const review = page.getByTestId('photo-review');
    await review.waitFor();
    // The camera is off while the shot is looked at.
    expect(await liveTracks(page)).toEqual([]);
    const firstBytes = Number(await review.getAttribute('data-bytes'));
    expect(firstBytes).toBeGreaterThan(1000);
    expect(firstBytes).toBeLessThanOrEqual(settings.camera.documentMaxBytes);
    // Cut to the A4 guide: upright, about 1 : 1.41.
    const [width, height] = [
      Number(await review.getAttribute('data-width')),
      Number(await review.getAttribute('data-height')),
    ];
    expect(height / width).toBeCloseTo(Math.SQRT2, 1);
    const shown = await review.locator('img').evaluate(async (image: HTMLImageElement) => {
      await image.decode();
      return [image.naturalWidth, image.naturalHeight];
    });
    expect(shown).toEqual([width, height]);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-documents-review');

    await page.getByTestId('photo-retake').tap();
    await cameraIs(page, 'live');
    await page.getByTestId('camera-capture').tap();
    await review.waitFor();
    const reviewUrl = await review.locator('img').getAttribute('src');
    await page.getByTestId('photo-use').tap();

    const thumb = page.getByTestId('photo-thumb');
    await thumb.waitFor();
    expect(await thumb.count()).toBe(1);
    expect(await materials.first().getAttribute('data-photos')).toBe('1');
    expect(Number(await thumb.getAttribute('data-bytes'))).toBeLessThanOrEqual(settings.camera.documentMaxBytes);
    expect(await page.getByTestId('photo-count').textContent()).toBe('已拍 1 张');
    expect(await page.getByTestId('documents-next').textContent()).toBe('拍好了，下一步');
    expect(await page.getByTestId('photo-delete').textContent()).toContain('删除');
    expect(await urlAlive(page, reviewUrl!)).toBe(false);
    expect(await liveTracks(page)).toEqual([]);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-documents-thumbnail');

    // A second page of the same material, then delete the first.
    await materials.first().getByTestId('photo-take').tap();
    await cameraIs(page, 'live');
    await page.getByTestId('camera-capture').tap();
    await page.getByTestId('photo-use').tap();
    await thumb.nth(1).waitFor();
    const deletedUrl = await thumb.first().locator('img').getAttribute('src');
    // The probe can tell: a photo on screen loads.
    expect(await urlAlive(page, deletedUrl!)).toBe(true);
    await thumb.first().getByTestId('photo-delete').tap();
    await expect.poll(() => thumb.count()).toBe(1);
    expect(await urlAlive(page, deletedUrl!)).toBe(false);
    await thumb.first().getByTestId('photo-delete').tap();
    await expect.poll(() => thumb.count()).toBe(0);
    expect(await page.getByTestId('documents-skip').count()).toBe(1);

    // One photo kept to the end: the end screen counts it, says it was deleted, and no camera is left on.
    await materials.nth(1).getByTestId('photo-take').tap();
    await cameraIs(page, 'live');
    await page.getByTestId('camera-capture').tap();
    await page.getByTestId('photo-use').tap();
    const keptUrl = await thumb.first().locator('img').getAttribute('src');
    await page.getByTestId('documents-next').tap();
    await page.getByTestId('face-consent').waitFor();
    await page.getByTestId('face-decline').tap();
    await submitReview(page);
    const done = page.getByTestId('apply-done');
    await done.waitFor();
    expect(await done.getAttribute('data-photos')).toBe('1');
    expect(await page.getByTestId('done-photos').textContent()).toContain('您拍了 1 张材料照片');
    expect(await page.getByTestId('done-photos').textContent()).toContain('照片已经删除');
    expect(await urlAlive(page, keptUrl!)).toBe(false);
    expect(await liveTracks(page)).toEqual([]);
    // Each camera view opened the camera once: take, retake, a second page, another material.
    expect((await openedTracks(page)).length).toBe(4);
    await shot(page, 'camera-done-with-photos');
    await expectNothingStored(page);
    expect(page.problems).toEqual([]);
  });

  it('opens the camera named in the settings and compresses under a small limit', async () => {
    // The fake camera's picture is simple and small as a JPEG (about 7 kB at the first attempt), so the limit
    // here is far below the config's; the steps down are the same for a real page against 500 kB.
    const maxBytes = 4_000;
    const page = await openKiosk(browser, { settings: { documentCamera: 'DEVICE_1', documentMaxBytes: maxBytes } });
    await reachDocuments(page);
    await page.getByTestId('photo-take').first().tap();
    await cameraIs(page, 'live');
    // The label hint matches whatever the case.
    expect(await liveTracks(page)).toEqual(['fake_device_1']);
    // A landscape screen: the picture is smaller, the shutter still on screen.
    await page.setViewportSize(LANDSCAPE);
    const shutter = await page.getByTestId('camera-capture').boundingBox();
    expect(shutter!.y + shutter!.height).toBeLessThanOrEqual(LANDSCAPE.height);
    await shot(page, 'camera-documents-live-landscape');
    await page.setViewportSize(PORTRAIT);
    await page.getByTestId('camera-capture').tap();
    const review = page.getByTestId('photo-review');
    await review.waitFor();
    expect(Number(await review.getAttribute('data-bytes'))).toBeLessThanOrEqual(maxBytes);
    // Not the first attempt: a lower quality or a smaller size was needed.
    const quality = Number(await review.getAttribute('data-quality'));
    const width = Number(await review.getAttribute('data-width'));
    const crop = guideRect(1920, 1080, PAGE_ASPECT, PAGE_FILL);
    expect(quality < JPEG_QUALITIES[0] || width < crop.width).toBe(true);
    await page.getByTestId('photo-use').tap();
    await page.getByTestId('photo-thumb').waitFor();
    expect(Number(await page.getByTestId('photo-thumb').getAttribute('data-bytes'))).toBeLessThanOrEqual(maxBytes);
    expect(page.problems).toEqual([]);
  });

  it('skips the photos and declines the face photo without ever opening the camera', async () => {
    const page = await openKiosk(browser);
    await reachDocuments(page);
    await page.getByTestId('documents-skip').tap();

    const consent = page.getByTestId('face-consent');
    await consent.waitFor();
    expect(await page.locator('.apply-step').textContent()).toBe('第 7 步，共 9 步');
    const text = (await consent.textContent()) ?? '';
    expect(text).toContain('核验本人身份');
    expect(text).toContain('照片只留在这台机器上');
    expect(text).toContain('核验完就删除');
    expect(text).toContain('不同意也能照常办理');
    expect(await page.getByTestId('face-agree').textContent()).toBe('同意，拍人脸照片');
    expect(await page.getByTestId('face-decline').textContent()).toBe('不同意，请工作人员核验');
    // Neither answer is pushed: same size, same style.
    const boxes = await page
      .locator('[data-testid="face-agree"], [data-testid="face-decline"]')
      .evaluateAll((buttons) => buttons.map((b) => [b.className, Math.round(b.getBoundingClientRect().height)]));
    expect(boxes[0]).toEqual(boxes[1]);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-face-consent');

    await page.getByTestId('face-decline').tap();
    await submitReview(page);
    const done = page.getByTestId('apply-done');
    await done.waitFor();
    expect(await page.locator('.apply-step').textContent()).toBe('第 9 步，共 9 步');
    expect(await done.getAttribute('data-identity')).toBe('staff');
    expect(await page.getByTestId('done-identity').textContent()).toContain('工作人员会当面核对您的身份证');
    expect(await page.getByTestId('done-photos').count()).toBe(0);
    expect(await openedTracks(page)).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('speaks English in the camera steps when the villager switched language', async () => {
    const page = await openKiosk(browser);
    await page.getByTestId('category-tile').first().waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await reachDocuments(page);
    expect(await page.locator('#photos-title').textContent()).toBe('Take photos of the papers you brought');
    await page.getByTestId('documents-skip').tap();
    expect(await page.getByTestId('face-decline').textContent()).toBe('No, let a staff member check');
    expect(await page.getByTestId('face-consent').textContent()).toContain('Only to check your identity');
  });

  it('stops the camera and drops the photos when nobody answers the idle prompt', async () => {
    const page = await openKiosk(browser, { url: kiosk.host.url.replace('/#', '/?idle=3000,2000#') });
    await reachDocuments(page);
    await page.getByTestId('photo-take').first().tap();
    await cameraIs(page, 'live');
    await page.getByTestId('camera-capture').tap();
    await page.getByTestId('photo-use').tap();
    const thumbUrl = await page.getByTestId('photo-thumb').locator('img').getAttribute('src');
    // Then the villager walks away with the camera on for the next page.
    await page.getByTestId('photo-take').first().tap();
    await cameraIs(page, 'live');
    expect(await liveTracks(page)).toHaveLength(1);

    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    expect(await prompt.textContent()).toContain('已填写的内容和拍的照片会被清除');
    await shot(page, 'camera-idle-prompt');
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    expect(await liveTracks(page)).toEqual([]);
    expect(await urlAlive(page, thumbUrl!)).toBe(false);
    expect(await page.locator('img[src^="blob:"]').count()).toBe(0);
    await expectNothingStored(page);
  });
});

describe('face photo with a fake face on the camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    const video = writeFaceVideo(path.join(tempDir(), 'face.y4m'));
    browser = await launchWithFakeCamera([
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Documents skipped, consent given: the face camera. */
  async function reachFaceCamera(page: Page): Promise<void> {
    await reachDocuments(page);
    await page.getByTestId('documents-skip').tap();
    await page.getByTestId('face-agree').tap();
    await page.getByTestId('face-screen').waitFor();
    await cameraIs(page, 'live');
  }

  it('shows one still inside the oval, says it will be deleted, and drops it on leaving', async () => {
    const page = await openKiosk(browser);
    await reachFaceCamera(page);
    expect(await page.locator('.camera-guide-face').count()).toBe(1);
    expect(await page.locator('.camera-guide-text').textContent()).toBe('把脸放进椭圆框里');
    // The alternative stays on screen next to the camera.
    expect(await page.getByTestId('face-staff').textContent()).toBe('不拍了，请工作人员核验');
    expect(await liveTracks(page)).toHaveLength(1);
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-face-live');

    await page.getByTestId('camera-capture').tap();
    const still = page.getByTestId('face-shot');
    await still.waitFor();
    // The camera is off as soon as the still exists.
    expect(await liveTracks(page)).toEqual([]);
    expect(await page.getByTestId('face-deleted-note').textContent()).toContain('照片就会删除');
    // Cut to the oval: a light face in the middle, the grey room at the corners.
    const luma = await still.locator('img').evaluate(async (image: HTMLImageElement) => {
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(image, 0, 0);
      const at = (x: number, y: number) => {
        const [r, g, b] = context.getImageData(x, y, 1, 1).data;
        return Math.round(0.299 * r! + 0.587 * g! + 0.114 * b!);
      };
      const result = {
        centre: at(Math.round(canvas.width / 2), Math.round(canvas.height * 0.35)),
        corner: at(2, 2),
        width: canvas.width,
        height: canvas.height,
      };
      canvas.width = 0;
      return result;
    });
    expect(luma.centre).toBeGreaterThan(FACE_LUMA.face - 40);
    expect(luma.corner).toBeLessThan(FACE_LUMA.background + 30);
    expect(luma.height).toBeGreaterThan(luma.width);
    const stillUrl = await still.locator('img').getAttribute('src');
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, 'camera-face-shown');

    await page.getByTestId('face-done').tap();
    await submitReview(page);
    const done = page.getByTestId('apply-done');
    await done.waitFor();
    expect(await done.getAttribute('data-identity')).toBe('faceDeleted');
    expect(await page.getByTestId('done-identity').textContent()).toContain('刚才拍的人脸照片已经删除');
    expect(await urlAlive(page, stillUrl!)).toBe(false);
    expect(await page.locator('img[src^="blob:"]').count()).toBe(0);
    expect(await liveTracks(page)).toEqual([]);
    await shot(page, 'camera-done-face');
    await expectNothingStored(page);
    expect(page.problems).toEqual([]);
  });

  it('drops the still and stops the camera when the villager goes home instead', async () => {
    const page = await openKiosk(browser);
    await reachFaceCamera(page);
    await page.getByTestId('camera-capture').tap();
    const stillUrl = await page.getByTestId('face-shot').locator('img').getAttribute('src');
    await page.getByRole('button', { name: '首页' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(await urlAlive(page, stillUrl!)).toBe(false);
    expect(await liveTracks(page)).toEqual([]);

    // Leaving the live camera by the staff alternative stops it too.
    await reachFaceCamera(page);
    await page.getByTestId('face-staff').tap();
    await submitReview(page);
    await page.getByTestId('apply-done').waitFor();
    expect(await page.getByTestId('apply-done').getAttribute('data-identity')).toBe('staff');
    expect(await liveTracks(page)).toEqual([]);
    await expectNothingStored(page);
  });
});

describe('without a usable camera', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchWithFakeCamera(['--use-fake-device-for-media-stream']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const cases: [CameraStub, string, string][] = [
    ['noDevices', 'notFound', '没有找到摄像头'],
    ['NotFoundError', 'notFound', '没有找到摄像头'],
    ['NotReadableError', 'busy', '摄像头正被占用或没有响应，现在不能拍照。可以点“再试一次”。'],
    ['NotAllowedError', 'denied', '本机没有允许使用摄像头'],
  ];

  it.each(cases)('%s: says so plainly and lets the villager go on', async (stub, problem, message) => {
    const page = await openKiosk(browser, { stub });
    await reachDocuments(page);
    await page.getByTestId('photo-take').first().tap();
    await cameraIs(page, 'problem');
    const alert = page.getByTestId('camera-problem');
    expect(await page.getByTestId('camera').getAttribute('data-problem')).toBe(problem);
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(message);
    expect(text).toContain('不拍也可以：跳过这一步，带材料原件到窗口办理。');
    expect(text).not.toMatch(/Error|DOMException|undefined/);
    // No black box: the picture area is hidden, and there is no shutter to press.
    expect(await page.locator('.camera-frame').isVisible()).toBe(false);
    expect(await page.getByTestId('camera-capture').count()).toBe(0);
    expect(await page.getByTestId('camera-retry').textContent()).toBe('再试一次');
    expect(await sizeProblems(page)).toEqual({ small: [], tiny: [] });
    await shot(page, `camera-problem-${problem}-${stub}`);

    // Trying again says the same; the way on is there.
    await page.getByTestId('camera-retry').tap();
    await cameraIs(page, 'problem');
    await page.getByTestId('documents-skip').tap();

    // The face step fails the same way and offers the staff check.
    await page.getByTestId('face-agree').tap();
    await cameraIs(page, 'problem');
    const faceText = (await page.getByTestId('camera-problem').textContent()) ?? '';
    expect(faceText).toContain(message);
    expect(faceText).toContain('不拍也可以：点“不拍了，请工作人员核验”，照常办理。');
    await shot(page, `camera-face-problem-${problem}-${stub}`);
    await page.getByTestId('face-staff').tap();
    await submitReview(page);
    await page.getByTestId('apply-done').waitFor();
    expect(await liveTracks(page)).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('says so when the camera opens but no picture arrives, and stops it on leaving', async () => {
    const page = await openKiosk(browser, { stub: 'noFrame' });
    await reachDocuments(page);
    await page.getByTestId('photo-take').first().tap();
    expect(await page.locator('.camera-starting').textContent()).toBe('正在打开摄像头，请稍候…');
    await cameraIs(page, 'problem');
    expect(await page.getByTestId('camera').getAttribute('data-problem')).toBe('noFrame');
    expect(await page.getByTestId('camera-problem').textContent()).toContain('摄像头打开了，但是没有画面');
    await shot(page, 'camera-problem-noFrame');
    expect(await liveTracks(page)).toHaveLength(1);
    await page.getByTestId('documents-back').tap();
    await page.locator('[data-testid="documents-screen"][data-mode="list"]').waitFor();
    expect(await liveTracks(page)).toEqual([]);
    expect(page.problems).toEqual([]);
  });
});
