import { Anchor, type AnchorProps } from "@mantine/core";
import { useRouter } from "@tanstack/react-router";
import type { MouseEvent, ReactNode } from "react";

interface PathLinkProps extends AnchorProps {
  href: string;
  children: ReactNode;
  title?: string;
}

/**
 * A link to a page of another area (e.g. a CRM card) by its path. It navigates inside the app
 * like a router link, yet does not depend on that area's typed route tree.
 */
export function PathLink({ href, children, ...props }: PathLinkProps) {
  const router = useRouter();
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    router.history.push(href);
  };
  return (
    <Anchor href={href} onClick={open} {...props}>
      {children}
    </Anchor>
  );
}
