import { useEffect, useRef, useState } from 'react';

/** Typing settles for this long before the list is asked again. */
const TYPING_MS = 300;

/** Text typed into a field, handed on once typing pauses (and at once when the URL changes it). */
export function useSettledText(value: string, onSettled: (text: string) => void) {
  const [text, setText] = useState(value);
  const settled = useRef(onSettled);
  settled.current = onSettled;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => settled.current(text), TYPING_MS);
    return () => window.clearTimeout(timer);
  }, [text, value]);
  return [text, setText] as const;
}
