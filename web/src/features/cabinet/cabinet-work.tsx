import { SimpleGrid } from "@mantine/core";
import { UserTasks } from "../tasks/user-tasks";
import { UserWorkflows } from "../workflows/user-workflows";

/** The employee's open tasks and running workflows, side by side under the week's activities. */
export function CabinetWork({ userId }: { userId: string }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <UserTasks userId={userId} />
      <UserWorkflows userId={userId} />
    </SimpleGrid>
  );
}
