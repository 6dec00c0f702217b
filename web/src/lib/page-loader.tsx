import { Center, Loader } from "@mantine/core";

export function PageLoader() {
  return (
    <Center mih={240} h="60vh">
      <Loader aria-label="…" />
    </Center>
  );
}
