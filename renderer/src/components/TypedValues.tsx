import { Fragment } from 'react';

/**
 * Values people typed (a job title, a company), each isolated in a <bdi>: in a right-to-left line a
 * Latin "Path B.V." keeps its full stop at its own end, and a Persian title beside a Latin company
 * keeps both in order. The separator is punctuation, the same in every language.
 */
export function TypedValues({ values, separator = ' · ' }: { values: readonly (string | null | undefined)[]; separator?: string }) {
  return (
    <>
      {values
        .filter((v): v is string => Boolean(v))
        .map((v, i) => (
          <Fragment key={i}>
            {i > 0 ? separator : null}
            <bdi>{v}</bdi>
          </Fragment>
        ))}
    </>
  );
}
