import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiError, createApi } from "./api/client.ts";
import { ApiProvider } from "./api/context.tsx";
import { App } from "./app.tsx";
import { type Me, meKey } from "./auth/use-me.ts";
import { applyTheme, storedTheme } from "./theme/theme.ts";
import "./styles/base.css";
import "./styles/shell.css";
import "./styles/chat.css";
import "./styles/markdown.css";
import "./styles/pages.css";
import "./styles/phone.css";

applyTheme(storedTheme());

/** A 401 anywhere means the session ended: forget who was signed in, which shows the sign-in page. */
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.status === 401 && queryClient.getQueryData(meKey)) {
    queryClient.setQueryData(meKey, null);
  }
};
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        failures < 3 && (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
    },
  },
});
const api = createApi(() => queryClient.getQueryData<Me | null>(meKey)?.csrfToken ?? null);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
