import type { TranslationShape } from "./ru";

/** Letters' files, templates and "Check connection". */
export const mailLettersEn: TranslationShape["mailLetters"] = {
  compose: {
    template: "Template",
    templatePlaceholder: "Pick a template: subject and text are filled with the client's details",
    attach: "Attach files",
    fromDrive: "From drive",
    fromDriveTitle: "Attach a file from the drive",
    uploads: "Attached files",
    recordFiles: "Deal files",
    recordFilesPlaceholder: "Files of the deal's earlier letters and tasks",
    limit: "Attachments: {{total}} of 20 MB",
    tooBig: "A letter's attachments may weigh at most 20 MB together",
  },
  timeline: {
    attachments: "Letter attachments",
  },
  templates: {
    nav: "Letter templates",
    title: "Letter templates",
    intro:
      "The company's shared templates: pick one in a letter from a card and the subject and text are filled with the client's, the deal's and your details.",
    empty: "No templates yet",
    create: "New template",
    edit: "Letter template",
    name: "Name",
    subject: "Subject",
    body: "Text",
    updated: "Changed",
    placeholders: "Fields to insert:",
    unknown: "Unknown field {{names}}",
    saved: "Template saved",
    removeTitle: "Delete the template?",
    removeConfirm: "The template “{{name}}” disappears for everyone. Letters already written stay as they are.",
    removed: "Template deleted",
  },
  check: {
    button: "Check connection",
    ok: "Connected",
    okHint: "The server answered and accepted the login and password.",
    failed: "Could not connect",
  },
};
