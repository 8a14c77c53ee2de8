import { useEffect, useRef, useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { Link } from "../router.tsx";
import { ConversationItem } from "./conversation-item.tsx";
import { useConversationList } from "./use-conversations.ts";

/** New chat, search, and the conversation list, loading more as it scrolls into view. */
export function Sidebar({ activeId, onNavigate }: { activeId: string | null; onNavigate: () => void }) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const list = useConversationList(q);
  const more = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const target = more.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <nav className="sidebar" aria-label="Conversations">
      <Link to="/" className="button primary new-chat" onClick={onNavigate}>
        New chat
      </Link>
      <div className="search">
        <label htmlFor="conversation-search" className="visually-hidden">
          Search conversations
        </label>
        <input
          id="conversation-search"
          type="search"
          placeholder="Search conversations"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {list.error ? <ErrorNotice error={list.error} onRetry={() => list.refetch()} /> : null}
      <ul className="conversation-list" aria-busy={list.isFetching}>
        {items.map((conversation) => (
          <ConversationItem
            key={conversation.id}
            conversation={conversation}
            active={conversation.id === activeId}
            onNavigate={onNavigate}
          />
        ))}
        {list.isSuccess && items.length === 0 ? (
          <li className="muted empty">{q ? `Nothing matches “${q}”.` : "No conversations yet."}</li>
        ) : null}
        {hasNextPage ? (
          <li ref={more} className="muted load-more">
            {isFetchingNextPage ? "Loading…" : "More"}
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
