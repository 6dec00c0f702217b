import "@mantine/tiptap/styles.css";
import { Input } from "@mantine/core";
import { Link, RichTextEditor } from "@mantine/tiptap";
import { useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useTranslation } from "react-i18next";

interface RichTextFieldProps {
  label: string;
  /** HTML as the server stored it (sanitised there). */
  initialValue: string;
  onChange: (html: string) => void;
  error?: string;
}

/**
 * The task description editor (Mantine over Tiptap). Loaded on demand by the task dialog, so
 * Tiptap and ProseMirror stay out of every other page's scripts. What it produces is HTML that the
 * server sanitises to its allowlist before storing.
 */
export function RichTextField({ label, initialValue, onChange, error }: RichTextFieldProps) {
  const { t } = useTranslation();
  const editor = useEditor({
    // Tiptap v3's starter kit brings its own link; Mantine's adds the link editor's keyboard shortcut.
    extensions: [StarterKit.configure({ link: false }), Link.configure({ openOnClick: false })],
    content: initialValue,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { "aria-label": label, role: "textbox", "aria-multiline": "true" },
    },
    onUpdate: ({ editor: current }) => onChange(current.isEmpty ? "" : current.getHTML()),
  });

  return (
    <Input.Wrapper label={label} error={error}>
      <RichTextEditor
        editor={editor}
        labels={{
          boldControlLabel: t("tasks.editor.bold"),
          italicControlLabel: t("tasks.editor.italic"),
          underlineControlLabel: t("tasks.editor.underline"),
          strikeControlLabel: t("tasks.editor.strike"),
          bulletListControlLabel: t("tasks.editor.bulletList"),
          orderedListControlLabel: t("tasks.editor.orderedList"),
          linkControlLabel: t("tasks.editor.link"),
          unlinkControlLabel: t("tasks.editor.unlink"),
          clearFormattingControlLabel: t("tasks.editor.clear"),
          linkEditorInputLabel: t("tasks.editor.linkInput"),
          linkEditorSave: t("tasks.editor.linkSave"),
          undoControlLabel: t("tasks.editor.undo"),
          redoControlLabel: t("tasks.editor.redo"),
        }}
        mt={4}
      >
        <RichTextEditor.Toolbar>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Bold />
            <RichTextEditor.Italic />
            <RichTextEditor.Underline />
            <RichTextEditor.Strikethrough />
            <RichTextEditor.ClearFormatting />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.BulletList />
            <RichTextEditor.OrderedList />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Link />
            <RichTextEditor.Unlink />
          </RichTextEditor.ControlsGroup>
          <RichTextEditor.ControlsGroup>
            <RichTextEditor.Undo />
            <RichTextEditor.Redo />
          </RichTextEditor.ControlsGroup>
        </RichTextEditor.Toolbar>
        <RichTextEditor.Content mih={120} />
      </RichTextEditor>
    </Input.Wrapper>
  );
}
