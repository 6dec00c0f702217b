import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconFlame } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { LanguageMenu } from "../../lib/language-menu";

interface AuthLayoutProps {
  title: string;
  subtitle?: string | null;
  children: ReactNode;
  width?: number;
}

export function AuthLayout({ title, subtitle, children, width = 400 }: AuthLayoutProps) {
  return (
    <Box
      mih="100dvh"
      style={{
        background:
          "linear-gradient(135deg, var(--mantine-color-indigo-0) 0%, var(--mantine-color-gray-0) 55%, var(--mantine-color-orange-0) 100%)",
      }}
    >
      <Group justify="space-between" p="md">
        <Group gap={8}>
          <ThemeIcon size={30} radius="md" variant="gradient" gradient={{ from: "indigo", to: "orange", deg: 45 }}>
            <IconFlame size={18} />
          </ThemeIcon>
          <Text fw={700}>Planerka</Text>
        </Group>
        <LanguageMenu />
      </Group>
      <Center px="md" pb="xl" pt={{ base: "md", sm: 60 }}>
        <Paper withBorder shadow="md" radius="lg" p={{ base: "lg", sm: "xl" }} w="100%" maw={width}>
          <Stack gap={4} mb="lg">
            <Title order={2} size="h3">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
