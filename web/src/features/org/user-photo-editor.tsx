import { Button, FileInput, Group, Loader, Stack } from "@mantine/core";
import { IconPhotoUp, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError, notifySuccess } from "../../lib/notify";
import { bumpPhotoRevision } from "./photo-revisions";
import { UserAvatar } from "./user-avatar";
import { removeUserPhoto, uploadUserPhoto } from "./users-api";

const acceptedTypes = ["image/png", "image/jpeg", "image/webp"];
const maxBytes = 2 * 1024 * 1024;

interface UserPhotoEditorProps {
  user: { id: string; name: string; hasPhoto: boolean };
  /** Off where a card above already shows the photo. */
  showAvatar?: boolean;
}

export function UserPhotoEditor({ user, showAvatar = true }: UserPhotoEditorProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    bumpPhotoRevision(user.id);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["users"] }),
      queryClient.invalidateQueries({ queryKey: ["me"] }),
    ]);
  };

  const upload = useMutation({
    mutationFn: (file: File) => uploadUserPhoto(user.id, file),
    onSuccess: async () => {
      await refresh();
      notifySuccess(t("users.photo.uploaded"));
    },
    onError: notifyError,
  });

  const remove = useMutation({
    mutationFn: () => removeUserPhoto(user.id),
    onSuccess: async () => {
      await refresh();
      notifySuccess(t("users.photo.removed"));
    },
    onError: notifyError,
  });

  const choose = (file: File | null) => {
    setError(null);
    if (!file) return;
    if (!acceptedTypes.includes(file.type)) return setError(t("users.photo.wrongType"));
    if (file.size > maxBytes) return setError(t("users.photo.tooLarge"));
    upload.mutate(file);
  };

  return (
    <Group gap="md" wrap="nowrap" align="center">
      {showAvatar && <UserAvatar user={user} size={88} radius={88} />}
      <Stack gap={8} style={{ flex: 1 }} miw={0}>
        <FileInput
          label={t("users.photo.title")}
          placeholder={t("users.photo.choose")}
          description={t("users.photo.placeholder")}
          accept={acceptedTypes.join(",")}
          leftSection={<IconPhotoUp size={16} />}
          rightSection={upload.isPending ? <Loader size={14} /> : null}
          value={null}
          onChange={choose}
          error={error}
          disabled={upload.isPending || remove.isPending}
        />
        {user.hasPhoto && (
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            leftSection={<IconTrash size={14} />}
            onClick={() => remove.mutate()}
            loading={remove.isPending}
            w="fit-content"
          >
            {t("users.photo.remove")}
          </Button>
        )}
      </Stack>
    </Group>
  );
}
