/**
 * A recipe's stored picture: every variant in srcset, `sizes` from the layout it sits in, and its
 * width and height as attributes, so the browser reserves its box before a byte arrives (no layout
 * shift). The first picture a page shows is its largest paint: fetched at once with high priority;
 * the ones further down wait until they come near the screen. Without a picture, the same box holds
 * a placeholder.
 */
import type { RecipeImage } from './types';
import { srcsetOf } from './picture';

interface Props {
  image: RecipeImage | null | undefined;
  /** What the picture shows: the recipe's title. */
  alt: string;
  /** The width the layout gives it, for each viewport (the `sizes` attribute). */
  sizes: string;
  /** 'lcp': the page's first picture (eager, fetchpriority high); 'eager': on the first screen; 'lazy': further down. */
  load?: 'lcp' | 'eager' | 'lazy';
  class?: string;
}

export function Picture({ image, alt, sizes, load = 'lazy', class: cls = '' }: Props) {
  if (!image) return <div class={`picture picture-none ${cls}`} aria-hidden="true" />;
  // Attribute order matters: loading and srcset are set before src, or Chromium starts the
  // fetch of src at once (eagerly, and at its full size).
  return (
    <img
      class={`picture ${cls}`}
      loading={load === 'lazy' ? 'lazy' : 'eager'}
      {...{ fetchpriority: load === 'lcp' ? 'high' : 'auto' }}
      decoding={load === 'lcp' ? undefined : 'async'}
      width={image.width}
      height={image.height}
      alt={alt}
      sizes={sizes}
      srcset={srcsetOf(image)}
      src={image.url}
    />
  );
}
