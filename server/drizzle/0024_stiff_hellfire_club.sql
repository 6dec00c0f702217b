CREATE INDEX "companies_phones_idx" ON "companies" USING gin ("phones");--> statement-breakpoint
CREATE INDEX "companies_emails_idx" ON "companies" USING gin ("emails");--> statement-breakpoint
CREATE INDEX "contacts_phones_idx" ON "contacts" USING gin ("phones");--> statement-breakpoint
CREATE INDEX "contacts_emails_idx" ON "contacts" USING gin ("emails");