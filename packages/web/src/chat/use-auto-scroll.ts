import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

const nearBottomPx = 80;

/**
 * Keeps the newest message in view while it grows, unless the person scrolled up to read. Sending
 * (`follow`) brings the bottom back into view and keeps it there; `atBottom` says whether a
 * scroll-to-latest button is needed, and `toBottom` is that button.
 */
export function useAutoScroll() {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      const near = element.scrollHeight - element.scrollTop - element.clientHeight < nearBottomPx;
      pinned.current = near;
      setAtBottom(near);
    };
    element.addEventListener("scroll", onScroll);
    return () => element.removeEventListener("scroll", onScroll);
  }, []);
  // After every render: new text, a new card or a new message all change the height.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (pinned.current) element.scrollTop = element.scrollHeight;
    const near = element.scrollHeight - element.scrollTop - element.clientHeight < nearBottomPx;
    setAtBottom((was) => (was === near ? was : near));
  });
  const toBottom = useCallback(() => {
    pinned.current = true;
    setAtBottom(true);
    const element = ref.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, []);
  return { ref, atBottom, toBottom, follow: toBottom };
}
